/**
 * nginx time and size values (`ngx_parse_time`, `ngx_parse_offset`): `60s`, `1m 30s`, `500ms`, a
 * bare number in seconds; `1m`, `10k`, `4G`, a bare number in bytes. Undefined when unreadable.
 */

const TIME_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };

/** Seconds of an nginx time value. */
export function parseNginxTime(text: string): number | undefined {
  const parts = text.trim().split(/\s+/);
  let total = 0;
  for (const p of parts) {
    const m = /^(\d+)(ms|s|m|h|d|w|M|y)?$/.exec(p);
    if (!m) return undefined;
    total += Number(m[1]) * TIME_UNITS[m[2] ?? 's'];
  }
  return parts.length ? total : undefined;
}

/** Bytes of an nginx size value. */
export function parseNginxSize(text: string): number | undefined {
  const m = /^(\d+)([kKmMgG])?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase();
  return Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : unit === 'g' ? 1024 * 1024 * 1024 : 1);
}

/** Bytes as a person reads them (1m, 16m, 2.5m). */
export function showSize(bytes: number): string {
  if (bytes % (1024 * 1024 * 1024) === 0) return `${bytes / (1024 * 1024 * 1024)}g`;
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 100) / 100}m`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 100) / 100}k`;
  return `${bytes}`;
}
