/**
 * Walks a loaded configuration the way nginx reads it: in document order, with every `include`
 * replaced by the files it names, and with the context (`http`, `server`, `if in location`, ...)
 * of every directive known. Checks are hooks on this one walk.
 */
import type { Directive, NginxFile, Statement } from './ast';
import type { NginxConfig } from './config';
import { directiveContextOf } from './context';
import type { DirectiveContext } from './directiveSpec';
import { isBuiltinFile } from './includes';

/** One directive where it takes effect. */
export interface Visit {
  directive: Directive;
  file: NginxFile;
  /** The context it stands in; undefined when not known (a top-level file of unknown kind). */
  context: DirectiveContext | undefined;
  /** The block directive it sits in, through includes; null at the top of the entry file. */
  parent: Visit | null;
  /**
   * When `file` is one of Debian's files (not in the workspace), the include directive in a
   * workspace file that brought it in: problems are shown there.
   */
  anchor?: { file: NginxFile; directive: Directive };
  /** The visit's place in the walk (document order, includes expanded). */
  seq: number;
}

/** What a check wants to hear about. */
export interface WalkHooks {
  /** Every directive, `include` ones too, in document order (pre-order). */
  directive?(v: Visit): void;
  /** After a block's contents were walked: its effective children (includes expanded, not the includes themselves). `owner` is null for the top level. */
  block?(owner: Visit | null, children: Visit[]): void;
}

/** Visits beyond this are skipped (a file included many times over in nested blocks). */
export const MAX_VISITS = 500_000;

/** The context inside a block, or undefined when its contents are not nginx directives we know. */
export function childContext(name: string, context: DirectiveContext | undefined): DirectiveContext | undefined {
  switch (name) {
    case 'http':
    case 'events':
    case 'stream':
    case 'mail':
    case 'mgmt':
    case 'acme_issuer':
    case 'oidc_provider':
    case 'location':
    case 'limit_except':
      return name;
    case 'server':
      return context === 'stream' ? 'stream server' : context === 'mail' ? 'mail server' : 'server';
    case 'upstream':
      return context === 'stream' ? 'stream upstream' : 'upstream';
    case 'if':
      return context === 'server' ? 'if in server' : 'if in location';
    default:
      return undefined;
  }
}

/** What a walk of a configuration saw: the record later readers of the same configuration share. */
export interface WalkRecord {
  /** Every directive but `include` (whose files' directives are there instead), in document order. */
  visits: Visit[];
  /** The effective children (includes expanded) of each block visit; `null` keys the top level. */
  children: Map<Visit | null, Visit[]>;
  /** The visits of each directive name, in document order: a rule about `ssl_ciphers` reads those only. */
  byName: Map<string, Visit[]>;
}

const NO_VISITS: readonly Visit[] = Object.freeze([]);

/**
 * The visits of the directives named `names`, in document order.
 */
export function visitsNamed(record: WalkRecord, ...names: string[]): readonly Visit[] {
  const lists: Visit[][] = [];
  let total = 0;
  for (const n of names) {
    const list = record.byName.get(n);
    if (list === undefined || lists.includes(list)) continue;
    lists.push(list);
    total += list.length;
  }
  if (lists.length === 0) return NO_VISITS;
  if (lists.length === 1) return lists[0];
  // A merge of lists already in walk order (a few lists: the smallest head each time).
  const out: Visit[] = new Array(total);
  const at = new Array<number>(lists.length).fill(0);
  for (let k = 0; k < total; k++) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      if (at[i] < lists[i].length && (best < 0 || lists[i][at[i]].seq < lists[best][at[best]].seq)) best = i;
    }
    out[k] = lists[best][at[best]++];
  }
  return out;
}

/** The first walk of each configuration, recorded (configurations are not changed once loaded). */
const records = new WeakMap<NginxConfig, WalkRecord>();

/**
 * The record of a walk of `config`: the one validation made (every checked configuration is
 * validated first), or a walk now. The security rules read it instead of walking again.
 */
export function walkRecord(config: NginxConfig): WalkRecord {
  const known = records.get(config);
  if (known) return known;
  walkConfig(config, {});
  return records.get(config)!;
}

/** Walks the whole configuration from its entry file, calling the hooks (and records the walk for `walkRecord`). */
export function walkConfig(config: NginxConfig, hooks: WalkHooks): void {
  const record: WalkRecord | undefined = records.has(config) ? undefined : { visits: [], children: new Map(), byName: new Map() };
  let visits = 0;
  /** The files on the include stack (a file that includes itself, directly or not, is entered once). */
  const active = new Set<NginxFile>([config.main]);

  /** Walks `stmts`, adding the effective children to `out` (an included file's go to its includer's list). */
  const level = (
    stmts: readonly Statement[],
    file: NginxFile,
    context: DirectiveContext | undefined,
    parent: Visit | null,
    anchor: Visit['anchor'],
    out: Visit[],
  ): void => {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      if (s.type !== 'directive') continue;
      if (++visits > MAX_VISITS) break;
      const v: Visit = { directive: s, file, context, parent, anchor, seq: visits };
      hooks.directive?.(v);
      if (s.name === 'include' && !s.block) {
        for (const target of config.includes.get(s) ?? []) {
          if (active.has(target)) continue;
          const a = anchor ?? (isBuiltinFile(target) ? { file, directive: s } : undefined);
          active.add(target);
          level(target.children, target, context, parent, a, out);
          active.delete(target);
        }
        continue;
      }
      if (record) {
        record.visits.push(v);
        const same = record.byName.get(s.name);
        if (same) same.push(v);
        else record.byName.set(s.name, [v]);
      }
      out.push(v);
      if (s.block && s.block.kind === 'directives') {
        const inner = childContext(s.name, context);
        if (inner === undefined) continue;
        const kids: Visit[] = [];
        level(s.block.children, file, inner, v, anchor, kids);
        record?.children.set(v, kids);
        hooks.block?.(v, kids);
      }
    }
  };

  const top: Visit[] = [];
  level(config.main.children, config.main, directiveContextOf(config.context), null, undefined, top);
  if (record) {
    record.children.set(null, top);
    records.set(config, record);
  }
  hooks.block?.(null, top);
}
