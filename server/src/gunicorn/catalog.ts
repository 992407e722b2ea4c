import { CHECKED_VERSIONS, GUNICORN_SETTINGS } from './settings.generated';
import type { GunicornSettingSpec } from './spec';

export type { GunicornSettingSpec } from './spec';
export { CATALOG_VERSION, CHECKED_VERSIONS, GUNICORN_SETTINGS } from './settings.generated';

const byName = new Map(GUNICORN_SETTINGS.map((s) => [s.name, s]));

/** The setting called `name` (config-file spelling), whatever the release. */
export function settingByName(name: string): GunicornSettingSpec | undefined {
  return byName.get(name);
}

/** Compares dotted release numbers ("20.1.0" < "21.2.0"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether `spec` exists in gunicorn `version`. Only what the checked releases prove counts: a
 * setting first seen in 21.2.0 is missing from 20.1.0 and older, but may or may not be in 21.0.0,
 * which is then given the benefit of the doubt. Unknown version (undefined): every setting counts,
 * so that nothing is reported without knowing what runs.
 */
export function isAvailableIn(spec: GunicornSettingSpec, version: string | undefined): boolean {
  if (version === undefined) return true;
  if (spec.presentIn.includes(version)) return true;
  if (spec.since !== null) {
    const before = CHECKED_VERSIONS.filter((v) => compareVersions(v, spec.since as string) < 0);
    const lastWithout = before[before.length - 1];
    if (lastWithout === undefined || compareVersions(version, lastWithout) <= 0) return false;
  }
  if (spec.versionAdded !== null && compareVersions(version, spec.versionAdded) < 0) return false;
  if (spec.removedIn !== null && compareVersions(version, spec.removedIn) >= 0) return false;
  return true;
}

/** The release a setting appeared in, as precisely as known ("24.0.0"), or null for old ones. */
export function addedIn(spec: GunicornSettingSpec): string | null {
  return spec.versionAdded ?? spec.since;
}

/**
 * The setting as `version` declares it. Two settings changed shape after 20.1.0 (from the
 * catalog's history): `--proxy-protocol` was a plain boolean flag until 24.1.0 (from then on it
 * takes an optional mode), and the allow-lists defaulted to `127.0.0.1` without `::1` before 23.0.0.
 */
export function specFor(name: string, version: string | undefined): GunicornSettingSpec | undefined {
  const spec = byName.get(name);
  if (!spec || version === undefined) return spec;
  if (name === 'proxy_protocol' && compareVersions(version, '24.1.0') < 0) {
    return { ...spec, kind: 'bool', action: 'store_true', nargs: null, constValue: null, default: false, validator: 'validate_bool' };
  }
  if ((name === 'forwarded_allow_ips' || name === 'proxy_allow_ips') && compareVersions(version, '23.0.0') < 0) {
    return { ...spec, default: '127.0.0.1' };
  }
  return spec;
}

/** Every setting `version` knows (all of them when the version is unknown). */
export function settingsFor(version: string | undefined): GunicornSettingSpec[] {
  const out: GunicornSettingSpec[] = [];
  for (const s of GUNICORN_SETTINGS) {
    if (!isAvailableIn(s, version)) continue;
    const v = specFor(s.name, version);
    if (v) out.push(v);
  }
  return out;
}

/** Command-line flags of settings that `version` lacks, with why ("added in 23.0.0"). Empty when the version is unknown. */
export function optionFlagsOfUnavailable(version: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (version === undefined) return out;
  for (const s of GUNICORN_SETTINGS) {
    if (isAvailableIn(s, version)) continue;
    const added = addedIn(s);
    const why = added && compareVersions(version, added) < 0 ? `added in ${added}` : `removed in ${s.removedIn}`;
    for (const f of s.cli) out.set(f, why);
  }
  return out;
}

/** gunicorn's short worker names (`workers/__init__.py` SUPPORTED_WORKERS) and the release that added each. */
export const WORKER_CLASSES: ReadonlyArray<{ name: string; since: string | null }> = [
  { name: 'sync', since: null },
  { name: 'eventlet', since: null },
  { name: 'gevent', since: null },
  { name: 'gevent_wsgi', since: null },
  { name: 'gevent_pywsgi', since: null },
  { name: 'tornado', since: null },
  { name: 'gthread', since: null },
  // The ASGI worker arrived with the asgi_* settings (documented as added in 24.0.0).
  { name: 'asgi', since: '24.0.0' },
];

/** Levenshtein distance, capped: enough for "did you mean" on short names. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate to `word` when it is close enough to be a likely typo, else undefined. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}
