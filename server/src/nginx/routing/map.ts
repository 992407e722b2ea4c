import { effectiveChildren, type NginxConfig } from '../config';
import { asciiLower, toByteString } from './bytes';
import type { Located } from './model';
import { execPcre, translatePcre, type TranslatedRegex, type UnsupportedRegex } from './regex';
import { expandVariables } from './variables';

/** A compiled `map $source $variable { ... }` block (ngx_http_map_module). */
export interface MapModel {
  at: Located;
  /** The source expression as written (may hold several variables). */
  source: string;
  exact: Map<string, string>;
  /** `hostnames` maps: `.x` / `*.x` keys (suffix -> value, `both` for `.x`), and `x.*` keys. */
  head: Map<string, { value: string; both: boolean }>;
  tail: Map<string, string>;
  regex: Array<{ key: string; re: TranslatedRegex | UnsupportedRegex; value: string }>;
  default: string;
  hostnames: boolean;
}

/** Compiles the map blocks of the http level, by the name of the variable they define. */
export function compileMaps(config: NginxConfig, httpOwn: readonly Located[]): Map<string, MapModel> {
  const maps = new Map<string, MapModel>();
  for (const l of httpOwn) {
    const d = l.directive;
    if (d.name !== 'map' || !d.block || d.args.length !== 2) continue;
    const name = d.args[1].value.replace(/^\$/, '').toLowerCase();
    const map: MapModel = { at: l, source: d.args[0].value, exact: new Map(), head: new Map(), tail: new Map(), regex: [], default: '', hostnames: false };
    const entries = effectiveChildren(config, d, l.file);
    map.hostnames = entries.some((e) => e.directive.name === 'hostnames' && e.directive.args.length === 0);
    for (const e of entries) {
      const key = e.directive.name;
      const value = e.directive.args[0]?.value ?? '';
      if (e.directive.args.length === 0 && (key === 'hostnames' || key === 'volatile')) continue;
      if (key === 'default' && e.directive.args.length === 1) {
        map.default = value;
        continue;
      }
      // A key is compared as written after the first backslash is dropped ("\default" is a key).
      const k = key.startsWith('\\') ? key.slice(1) : key;
      if (k.startsWith('~') && !key.startsWith('\\')) {
        const caseless = k.startsWith('~*');
        map.regex.push({ key: k, re: translatePcre(k.slice(caseless ? 2 : 1), caseless), value });
        continue;
      }
      const low = asciiLower(toByteString(k));
      if (map.hostnames && low.startsWith('.') && low.length > 1) {
        if (!map.head.has(low.slice(1))) map.head.set(low.slice(1), { value, both: true });
      } else if (map.hostnames && low.startsWith('*.')) {
        if (!map.head.has(low.slice(2))) map.head.set(low.slice(2), { value, both: false });
      } else if (map.hostnames && low.endsWith('.*')) {
        if (!map.tail.has(low.slice(0, -2))) map.tail.set(low.slice(0, -2), value);
      } else if (!map.exact.has(low)) map.exact.set(low, value);
    }
    if (!maps.has(name)) maps.set(name, map);
  }
  return maps;
}

/**
 * Evaluates a map for a source value (a byte string), as `ngx_http_map_find`: exact keys compared
 * case-insensitively, then (hostnames) the longest wildcard, then regexes in order on the value as
 * it is, else the default. Returns the value as written (to expand) and the regex match, or why not.
 */
export function findInMap(map: MapModel, source: string): { value: string; match?: { m: RegExpExecArray; re: TranslatedRegex } } | { unknown: string } {
  let s = source;
  if (map.hostnames && s.endsWith('.')) s = s.slice(0, -1);
  const low = asciiLower(s);
  const exact = map.exact.get(low);
  if (exact !== undefined) return { value: exact };
  if (low.length > 0 && map.hostnames) {
    const whole = map.head.get(low);
    if (whole?.both) return { value: whole.value };
    for (let i = low.indexOf('.'); i >= 0; i = low.indexOf('.', i + 1)) {
      const hit = map.head.get(low.slice(i + 1));
      if (hit) return { value: hit.value };
    }
    for (let i = low.lastIndexOf('.'); i > 0; i = low.lastIndexOf('.', i - 1)) {
      const hit = map.tail.get(low.slice(0, i));
      if (hit !== undefined) return { value: hit };
    }
  }
  if (s.length > 0) {
    for (const r of map.regex) {
      if (!r.re.ok) return { unknown: `map key "${r.key}": ${r.re.reason}` };
      const m = execPcre(r.re, s);
      if (m === 'uncertain') return { unknown: `map key "${r.key}" cannot be decided for this value` };
      if (m) return { value: r.value, match: { m, re: r.re } };
    }
  }
  return { value: map.default };
}

/** Expands a map value, with the captures of the map regex that chose it ($1, named groups). */
export function expandMapValue(value: string, match: { m: RegExpExecArray; re: TranslatedRegex } | undefined, lookup: (name: string) => string | undefined): { value: string; unknown: string[] } {
  return expandVariables(toByteString(value), (name) => {
    if (match && /^[1-9]$/.test(name)) return match.m[Number(name)] ?? '';
    const g = match?.re.names.get(name);
    if (g !== undefined && match) return match.m[g] ?? '';
    return lookup(name);
  });
}
