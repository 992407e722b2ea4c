#!/usr/bin/env node
// Draws the extension's 128x128 icon (icon.png) with no image library: a rounded dark tile with
// the deployment chain nginx -> gunicorn -> app as three linked nodes under a lens ring.
// Pixels are 4x supersampled for smooth edges; the PNG is written with node's zlib and a CRC table.
// Run `node scripts/package-icon.mjs` after changing the drawing; the file is committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SS = 4; // samples per pixel side

const BG = [22, 44, 66];
const NODE = [0, 150, 57]; // nginx green
const LINK = [230, 236, 242];
const RING = [255, 196, 0];

/** The color of the point (x, y) in 0..128 coordinates, or null for transparent. */
function sample(x, y) {
  // Rounded tile.
  const r = 22;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  const nodes = [
    [30, 64],
    [64, 64],
    [98, 64],
  ];
  for (const [nx, ny] of nodes) {
    const d = Math.hypot(x - nx, y - ny);
    if (d <= 11) return d <= 6 ? LINK : NODE;
  }
  if (Math.abs(y - 64) <= 3 && x >= 30 && x <= 98) return LINK;
  // Lens ring around the middle node, with a handle to the lower right.
  const dm = Math.hypot(x - 64, y - 64);
  if (dm >= 24 && dm <= 30) return RING;
  const t = (x - 64 + (y - 64)) / 2; // distance along the diagonal
  const off = Math.abs(x - 64 - (y - 64)) / Math.SQRT2;
  if (t >= 21 && t <= 40 && off <= 5) return RING;
  return BG;
}

function render() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a++;
        }
      }
      const i = (py * SIZE + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels as a PNG (8-bit, color type 6, no filter). */
export function encodePng(rgba, width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The icon as PNG bytes (what icon.png must contain). */
export function renderIcon() {
  return encodePng(render(), SIZE, SIZE);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../icon.png', import.meta.url));
  writeFileSync(out, renderIcon());
  console.log(`wrote ${out}`);
}
