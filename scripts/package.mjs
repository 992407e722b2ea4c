#!/usr/bin/env node
// `npm run package`: builds the bundles, then makes the .vsix with @vscode/vsce 3.9.2 (4.x needs
// Node 22), offline. What goes in is decided by .vscodeignore (a whitelist: bundles, wasm, grammars,
// snippets, language configurations, README, CHANGELOG, LICENSE, icon); `--no-dependencies` because
// the esbuild bundles already carry their dependencies, so no node_modules is shipped.
//
//   node scripts/package.mjs [--out path.vsix] [--skip-build]
//
// Prints the entries of the archive it wrote; `readVsix()` is exported for the packaging test.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The entries of a zip archive (a .vsix is one), name -> uncompressed bytes, read through its central
 * directory. Enough zip for vsce's archives: stored or deflated entries, no zip64, no multi-disk.
 */
export function readVsix(path) {
  const buf = readFileSync(path);
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path}: not a zip archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // The local header repeats name and extra field with its own lengths.
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    entries.set(name, method === 8 ? inflateRawSync(raw) : method === 0 ? raw : Buffer.alloc(0));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Runs scripts/build.mjs unless the bundles in dist/ are newer than every source
 * file. `npm test` builds before the tests; rebuilding again from tests that run in parallel would
 * rewrite dist/ under a running editor.
 */
export function ensureBuilt() {
  const outputs = ['dist/extension.js', 'dist/server.js', 'dist/webview.js', 'dist/cli.js', 'dist/cli-lsp.js'].map((f) => join(root, f));
  const sources = Math.max(...['client/src', 'server/src', 'shared/src'].map((d) => newestMtime(join(root, d))), statSync(join(root, 'package.json')).mtimeMs);
  if (outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= sources)) return;
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (b.status !== 0) throw new Error('build failed');
}

/** Builds (unless skipBuild; only when stale if `skipBuild === 'if-fresh'`) and packages; returns the .vsix path. */
export function packageExtension({ out, skipBuild = false } = {}) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsix = resolve(out ?? join(root, `${manifest.name}-${manifest.version}.vsix`));
  if (skipBuild === 'if-fresh') ensureBuilt();
  else if (!skipBuild) {
    const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (b.status !== 0) throw new Error('build failed');
  }
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  // stdin closed: vsce asks y/N questions on some warnings; a closed stdin answers "no" instead of hanging.
  // --allow-missing-repository: the project has no public repository URL yet;
  // --no-rewrite-relative-links: without a repository vsce cannot rewrite README links and would fail.
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
  try {
    const vsix = packageExtension({ out, skipBuild: args.includes('--skip-build') });
    const entries = [...readVsix(vsix).keys()];
    console.log(entries.map((e) => `  ${e}`).join('\n'));
    console.log(`packaged ${vsix} (${entries.length} entries)`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
