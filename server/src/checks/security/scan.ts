/**
 * The one walk the security rules share: every directive of every nginx configuration of the model,
 * where it takes effect (includes expanded, with its chain of enclosing blocks), computed once per
 * model. Rules report only in files the user can edit: Debian's built-in files (proxy_params, ...)
 * and files outside the workspace are read for their effect but never blamed.
 */
import type { Finding } from '../../common/diagnostics';
import type { Directive, NginxFile } from '../../nginx/ast';
import type { NginxConfig } from '../../nginx/config';
import { visitsNamed, walkRecord, type Visit } from '../../nginx/walk';
import type { DeploymentModel } from '../../project/model';
import type { RuleContext } from '../rule';

/** Every directive of one configuration, and the effective children of each block. */
export interface ConfigScan {
  config: NginxConfig;
  visits: Visit[];
  /** The effective children (includes expanded) of each block visit; `null` keys the top level. */
  children: Map<Visit | null, Visit[]>;
  /** The visits of the directives with these names, in document order (most rules look at a few names). */
  named(...names: string[]): readonly Visit[];
}

const cache = new WeakMap<DeploymentModel, ConfigScan[]>();

/** The scans of every nginx configuration of the model (computed once per model). */
export function scans(ctx: RuleContext): ConfigScan[] {
  let list = cache.get(ctx.model);
  if (!list) {
    list = ctx.model.nginx.map((site) => scanConfig(site.config));
    cache.set(ctx.model, list);
  }
  return list;
}

/**
 * The walk of one configuration: the one its validation recorded, shared (walkConfig bounds the
 * number of visits, so a pathological tree stays cheap).
 */
export function scanConfig(config: NginxConfig): ConfigScan {
  const record = walkRecord(config);
  return { config, visits: record.visits, children: record.children, named: (...names) => visitsNamed(record, ...names) };
}

/** True when a finding may be reported in this visit's file: a workspace file, not a built-in one. */
export function reportable(ctx: RuleContext, v: Visit): boolean {
  if (v.anchor) return false;
  return isWorkspaceFile(ctx, v.file);
}

/** True for files under the model's root (a lone file checked on its own has its folder as root). */
export function isWorkspaceFile(ctx: RuleContext, file: NginxFile): boolean {
  const root = ctx.model.root;
  return root === '/' || file.path.startsWith(root.endsWith('/') ? root : root + '/');
}

/** The enclosing blocks of a visit, innermost first. */
export function ancestors(v: Visit): Visit[] {
  const out: Visit[] = [];
  for (let p = v.parent; p; p = p.parent) out.push(p);
  return out;
}

/** The innermost enclosing block named `name` (e.g. the location a directive is in). */
export function enclosing(v: Visit, name: string): Visit | undefined {
  for (let p = v.parent; p; p = p.parent) if (p.directive.name === name) return p;
  return undefined;
}

/**
 * The findings once each: a file included by two entry configurations is walked twice, and a rule
 * must not report the same place twice.
 */
export function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\0${f.file}\0${f.start}\0${f.end}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The range of a word of a directive (an argument), or of the whole directive. */
export function rangeOf(d: Directive, arg?: number): { start: number; end: number } {
  const w = arg === undefined ? undefined : d.args[arg];
  return w ? { start: w.start, end: w.end } : { start: d.start, end: d.end };
}
