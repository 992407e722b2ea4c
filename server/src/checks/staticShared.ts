/**
 * What the static-file rules share: which probe (`project/staticRoutes.ts`) went wrong and why, so
 * that each wrong request is reported once, by the rule that names its cause.
 */
import type { Located, LocationModel } from '../nginx/routing/model';
import type { SourceRef } from '../nginx/routing/index';
import type { StaticProbe } from '../project/staticRoutes';
import { normPath, toWorkspace } from '../project/serverPaths';
import type { RuleContext } from './rule';
import { where } from './rule';

/** Why a probe opened the wrong file. */
export type StaticCause =
  /** `location /static/` + `alias …/static` (no slash): nginx concatenates (`…/staticstyle.css`). */
  | 'alias-no-slash'
  /** `root …/static` in `location /static`: root appends the whole URI (`…/static/static/style.css`). */
  | 'root-as-alias'
  /** A regex location won over the static prefix location. */
  | 'regex-shadow'
  /** The root or alias names another directory. */
  | 'dir-mismatch';

/** A wrong probe with its cause, the location that answered, and the root/alias directive in effect. */
export interface StaticProblem {
  probe: StaticProbe;
  cause: StaticCause;
  /** The location that answered the request. */
  location: LocationModel | undefined;
  /** The root/alias directive in effect and the location that declares it (null: server or http level). */
  mapping?: { at: Located; owner: LocationModel | null };
  /** For `regex-shadow`: the prefix location that should have answered. */
  shadowed?: LocationModel;
}

/** The location model of a router's location choice. */
export function locationOf(probe: StaticProbe, ref: SourceRef | undefined): LocationModel | undefined {
  if (!ref) return undefined;
  return probe.server.allLocations.find((l) => l.at.file.path === ref.file && l.at.directive.start === ref.start);
}

/** The root/alias directive behind a static outcome, and the location whose own level holds it. */
function mappingOf(probe: StaticProbe): StaticProblem['mapping'] {
  const t = probe.result.target;
  if (t.kind !== 'static' || !t.ref) return undefined;
  const ref = t.ref;
  const same = (o: Located) => o.file.path === ref.file && o.directive.start === ref.start;
  for (const l of probe.server.allLocations) {
    const at = l.scope.own.find(same);
    if (at) return { at, owner: l };
  }
  for (let s: typeof probe.server.scope | null = probe.server.scope; s; s = s.parent) {
    const at = s.own.find(same);
    if (at) return { at, owner: null };
  }
  return undefined;
}

/** The prefix location (`''` modifier) of the server that the URL would match without regex locations. */
function prefixFor(probe: StaticProbe): LocationModel | undefined {
  let best: LocationModel | undefined;
  for (const l of probe.server.allLocations) {
    if (l.parent || (l.modifier !== '' && l.modifier !== '^~')) continue;
    if (probe.url.startsWith(l.pattern) && (!best || l.pattern.length > best.pattern.length)) best = l;
  }
  return best;
}

/** True when the server directory `dir` is the probe's mount directory (in server or workspace terms). */
export function isMountDir(ctx: RuleContext, probe: StaticProbe, dir: string): boolean {
  const d = normPath(dir);
  if (probe.mountServerDir) return d === probe.mountServerDir;
  return toWorkspace(ctx, d, false) === normPath(probe.mount.dir ?? '');
}

/** Classifies every wrong probe of the model (computed per rule call; cheap). */
export function staticProblems(ctx: RuleContext, probes: readonly StaticProbe[]): StaticProblem[] {
  const out: StaticProblem[] = [];
  for (const probe of probes) {
    const location = locationOf(probe, probe.result.location?.ref);
    const regexWon = location && (location.modifier === '~' || location.modifier === '~*');
    const shadowed = regexWon ? prefixFor(probe) : undefined;
    if (shadowed && shadowed.modifier === '' && probe.verdict !== 'ok' && probe.verdict !== 'unknown' && hasOwnMapping(shadowed)) {
      out.push({ probe, cause: 'regex-shadow', location, shadowed });
      continue;
    }
    if (probe.verdict !== 'wrong-file') continue;
    const mapping = mappingOf(probe);
    // root and alias in one location: nginx refuses the config (nginx-root-and-alias says so).
    if (mapping?.owner && hasRootAndAlias(mapping.owner)) continue;
    const t = probe.result.target;
    if (t.kind !== 'static' || !mapping) {
      out.push({ probe, cause: 'dir-mismatch', location, ...(mapping ? { mapping } : {}) });
      continue;
    }
    const value = mapping.at.directive.args[0]?.value ?? '';
    const owner = mapping.owner;
    if (t.via === 'alias' && owner && owner.pattern.endsWith('/') && !value.endsWith('/') && isMountDir(ctx, probe, value)) {
      out.push({ probe, cause: 'alias-no-slash', location, mapping });
    } else if (t.via === 'root' && isMountDir(ctx, probe, value)) {
      out.push({ probe, cause: 'root-as-alias', location, mapping });
    } else out.push({ probe, cause: 'dir-mismatch', location, mapping });
  }
  return out;
}

function hasRootAndAlias(l: LocationModel): boolean {
  return l.scope.own.some((o) => o.directive.name === 'alias') && l.scope.own.some((o) => o.directive.name === 'root');
}

function hasOwnMapping(l: LocationModel): boolean {
  return l.scope.own.some((o) => o.directive.name === 'alias' || o.directive.name === 'root');
}

/** "the app's static folder /srv/app/static (pybo/__init__.py:5)": the app side of a message. */
export function appSide(ctx: RuleContext, probe: StaticProbe): string {
  const m = probe.mount;
  const dir = probe.mountServerDir ?? m.dir ?? '?';
  const what = m.owner === 'STATIC_ROOT' ? 'STATIC_ROOT' : m.owner === 'MEDIA_ROOT' ? 'MEDIA_ROOT' : m.owner === 'app' ? "the app's static folder" : `the static folder of ${m.owner.replace(/^blueprint:/, 'blueprint ')}`;
  const at = m.source ? ` (${where(ctx.host, m.source.file, m.source.start, ctx.model.root)})` : '';
  return `${what} ${dir}${at}`;
}

/** The related location of the app side. */
export function appRelated(probe: StaticProbe): Array<{ file: string; start: number; end: number; message: string }> {
  const s = probe.mount.source;
  return s ? [{ file: s.file, start: s.start, end: s.end, message: `${probe.mount.url} is served from ${probe.mount.dir ?? '?'}` }] : [];
}

/** Deduplicates problems that point at the same directive for the same cause (several servers include one file). */
export function uniqueBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
