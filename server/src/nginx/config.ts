import type { Finding } from '../common/diagnostics';
import type { Directive, NginxFile } from './ast';

/**
 * The nginx context a file or block is read in, as nginx names them. `http`-context files are
 * the sites-enabled / conf.d kind; `location` covers snippets included from locations.
 */
export type NginxContext =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'if'
  | 'limit_except'
  | 'upstream'
  | 'stream'
  | 'mail'
  | 'other';

/**
 * A loaded configuration: a main file and every file its includes reach.
 * Built by `loadNginxConfig` (includes.ts) through the host.
 */
export interface NginxConfig {
  /** The entry file. */
  main: NginxFile;
  /** The context the entry file is read in (inferred: `main` for an nginx.conf, `http` for a site, ...). */
  context: NginxContext;
  /** Every file reached, by absolute path, the entry included. */
  files: Map<string, NginxFile>;
  /** For each `include` directive, the files it resolved to, in nginx's order (globs sorted). */
  includes: Map<Directive, NginxFile[]>;
  /** Problems found while loading (missing include target, cycle, binary file, too large, ...). */
  findings: Finding[];
}

/** A directive together with the file it was written in. */
export interface LocatedDirective {
  directive: Directive;
  file: NginxFile;
}

/**
 * The directives that take effect inside `owner` (a block directive, or a file's top level),
 * in order, with every `include` replaced by the directives of the files it resolved to
 * (recursively; a file already being expanded is skipped, so cycles terminate).
 */
export function effectiveChildren(config: NginxConfig, owner: Directive | NginxFile, ownerFile?: NginxFile): LocatedDirective[] {
  const out: LocatedDirective[] = [];
  const file = ownerFile ?? ('type' in owner ? findFileOf(config, owner) : owner);
  const children = 'type' in owner ? owner.block?.children ?? [] : owner.children;
  expand(config, children, file ?? config.main, out, new Set());
  return out;
}

function expand(
  config: NginxConfig,
  children: readonly import('./ast').Statement[],
  file: NginxFile,
  out: LocatedDirective[],
  active: Set<NginxFile>,
): void {
  active.add(file);
  for (const s of children) {
    if (s.type !== 'directive') continue;
    if (s.name === 'include' && !s.block) {
      for (const target of config.includes.get(s) ?? []) {
        if (active.has(target)) continue;
        expand(config, target.children, target, out, active);
      }
      continue;
    }
    out.push({ directive: s, file });
  }
  active.delete(file);
}

/** The file a directive belongs to (searched by identity among the loaded files). */
export function findFileOf(config: NginxConfig, d: Directive): NginxFile | undefined {
  let top: Directive = d;
  while (top.parent) top = top.parent;
  for (const f of config.files.values()) if (f.children.includes(top)) return f;
  return undefined;
}
