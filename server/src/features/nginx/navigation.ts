/**
 * Go to definition and find references from nginx files: include -> the files it pulls in,
 * upstream name -> its `upstream` block, `@name` -> its location, `$var` -> its `set`/`map`/capture,
 * a unix socket or `host:port` -> the gunicorn bind, alias/root -> the workspace folder.
 */
import type { FeatureContext } from '../context';
import { nginxFiles } from '../context';
import type { FileSpan } from '../types';
import { isBuiltinFile, loadNginxConfig, parseNginx } from '../../nginx/index';
import type { Directive, NginxFile } from '../../nginx/ast';
import { cursorAt, enclosing } from './cursor';
import {
  namedLocationReferences,
  namedLocations,
  spanAt,
  upstreamDefinitions,
  upstreamReference,
  variableDefinitions,
  variableReferences,
  variableUses,
  type NameSpan,
} from './names';
import { gunicornEndpoints, nginxEndpoint, nginxEndpoints, reaches, type Address } from '../endpoints';
import { workspaceDir, workspaceFile } from '../paths';

/** What the cursor names, when it names something navigation knows. */
export type NginxSymbol =
  | { kind: 'include'; directive: Directive; span: FileSpan }
  | { kind: 'upstream'; name: string; span: FileSpan }
  | { kind: 'variable'; name: string; span: FileSpan }
  | { kind: 'named-location'; name: string; span: FileSpan; server?: Directive }
  | { kind: 'endpoint'; address: Address; span: FileSpan }
  | { kind: 'path'; value: string; span: FileSpan };

const at = (file: string, s: { start: number; end: number }): FileSpan => ({ file, start: s.start, end: s.end });

/** The symbol under the cursor. */
export function nginxSymbolAt(ctx: FeatureContext, path: string, offset: number): NginxSymbol | undefined {
  const file = ctx.nginx(path);
  if (!file) return undefined;
  const cur = cursorAt(file, offset);
  const d = cur.directive;
  const w = cur.word;
  if (!d || !w || cur.inComment) return undefined;
  if (cur.wordIndex === 0) return undefined;
  const v = spanAt(variableUses(w, d), offset);
  if (v) return { kind: 'variable', name: v.name, span: at(path, v) };
  if (d.name === 'include' && cur.wordIndex === 1) return { kind: 'include', directive: d, span: at(path, w) };
  if (d.name === 'upstream' && cur.wordIndex === 1) return { kind: 'upstream', name: w.value, span: at(path, w) };
  const def = spanAt(variableDefinitions(file), offset);
  if (def) return { kind: 'variable', name: def.name, span: at(path, def) };
  const up = upstreamReference(d);
  if (up && offset >= up.start && offset <= up.end && ctxHasUpstream(ctx, path, up.name)) return { kind: 'upstream', name: up.name, span: at(path, up) };
  if (w.value.startsWith('@')) return { kind: 'named-location', name: w.value, span: at(path, w), server: enclosing(cur, 'server') };
  const ep = nginxEndpoint(d, path);
  if (ep && offset >= ep.start && offset <= ep.end) return { kind: 'endpoint', address: ep.address, span: at(path, ep) };
  if ((d.name === 'alias' || d.name === 'root') && cur.wordIndex === 1) return { kind: 'path', value: w.value, span: at(path, w) };
  return undefined;
}

function ctxHasUpstream(ctx: FeatureContext, path: string, name: string): boolean {
  return nginxFiles(ctx, path).some((f) => upstreamDefinitions(f).some((u) => u.name === name));
}

/** Where the symbol under the cursor is defined. */
export function nginxDefinition(ctx: FeatureContext, path: string, offset: number): FileSpan[] {
  const sym = nginxSymbolAt(ctx, path, offset);
  if (!sym) return [];
  switch (sym.kind) {
    case 'include':
      return includeTargets(ctx, path, sym.directive);
    case 'upstream':
      return collect(ctx, path, upstreamDefinitions, sym.name);
    case 'variable':
      return collect(ctx, path, variableDefinitions, sym.name);
    case 'named-location':
      return namedIn(ctx, path, sym.name, sym.server, namedLocations);
    case 'endpoint':
      return gunicornEndpoints(ctx)
        .filter((g) => reaches(sym.address, g.parsed))
        .map((g) => ({ file: g.file, start: g.start, end: g.end }));
    case 'path': {
      const dir = workspaceDir(ctx, sym.value, path) ?? workspaceFile(ctx, sym.value, path);
      return dir ? [{ file: dir, start: 0, end: 0 }] : [];
    }
  }
}

/** Every place the symbol under the cursor is written (its definitions when `withDeclaration`). */
export function nginxReferences(ctx: FeatureContext, path: string, offset: number, withDeclaration = true): FileSpan[] {
  const sym = nginxSymbolAt(ctx, path, offset);
  if (!sym) return [];
  const out: FileSpan[] = [];
  switch (sym.kind) {
    case 'upstream':
      if (withDeclaration) out.push(...collect(ctx, path, upstreamDefinitions, sym.name));
      for (const f of nginxFiles(ctx, path)) {
        for (const d of allPass(f)) {
          const r = upstreamReference(d);
          if (r && r.name === sym.name) out.push(at(f.path, r));
        }
      }
      return out;
    case 'variable':
      if (withDeclaration) out.push(...collect(ctx, path, variableDefinitions, sym.name));
      out.push(...collect(ctx, path, variableReferences, sym.name));
      return out;
    case 'named-location':
      if (withDeclaration) out.push(...namedIn(ctx, path, sym.name, sym.server, namedLocations));
      out.push(...namedIn(ctx, path, sym.name, sym.server, namedLocationReferences));
      return out;
    case 'endpoint':
      return endpointReferences(ctx, path, sym.address, withDeclaration);
    case 'include':
    case 'path':
      return [];
  }
}

/** nginx lines that reach the address, and (as declarations) the gunicorn binds of it. */
export function endpointReferences(ctx: FeatureContext, path: string | undefined, address: Address, withDeclaration = true): FileSpan[] {
  const out: FileSpan[] = [];
  if (withDeclaration) for (const g of gunicornEndpoints(ctx)) if (reaches(address, g.parsed) || reaches(g.parsed, address)) out.push({ file: g.file, start: g.start, end: g.end });
  for (const e of nginxEndpoints(ctx, path)) if (reaches(e.address, address) || reaches(address, e.address)) out.push({ file: e.file, start: e.start, end: e.end });
  return out;
}

function allPass(f: NginxFile): Directive[] {
  const out: Directive[] = [];
  const walk = (list: NginxFile['children']): void => {
    for (const s of list) {
      if (s.type !== 'directive') continue;
      if (s.name.endsWith('_pass')) out.push(s);
      if (s.block && s.block.kind === 'directives') walk(s.block.children);
    }
  };
  walk(f.children);
  return out;
}

function collect(ctx: FeatureContext, path: string, get: (f: NginxFile) => NameSpan[], name: string): FileSpan[] {
  const files = nginxFiles(ctx, path);
  // The current file first: its own definition is the likely target.
  files.sort((a, b) => Number(b.path === path) - Number(a.path === path));
  const out: FileSpan[] = [];
  for (const f of files) for (const s of get(f)) if (s.name === name) out.push(at(f.path, s));
  return out;
}

/** Named locations are per server: those of the cursor's server block, else of the whole file. */
function namedIn(ctx: FeatureContext, path: string, name: string, server: Directive | undefined, get: (f: NginxFile) => NameSpan[]): FileSpan[] {
  const file = ctx.nginx(path);
  if (!file) return [];
  const all = get(file).filter((s) => s.name === name);
  const inServer = server ? all.filter((s) => s.start > server.start && s.end <= server.end) : [];
  return (inServer.length > 0 ? inServer : all).map((s) => at(path, s));
}

/** The workspace files an include directive pulls in (Debian's stock files have no workspace copy). */
export function includeTargets(ctx: FeatureContext, path: string, d: Directive): FileSpan[] {
  return includeFiles(ctx, path, d)
    .filter((t) => !t.builtin)
    .map((t) => ({ file: t.path, start: 0, end: 0 }));
}

/** Every file an include directive pulls in, in nginx's order; `builtin` for Debian's stock files. */
export function includeFiles(ctx: FeatureContext, path: string, d: Directive): Array<{ path: string; builtin: boolean }> {
  const parse = (text: string, p: string): NginxFile => {
    const cached = ctx.nginx(p);
    return cached && cached.text === text ? cached : parseNginx(text, p);
  };
  const config = loadNginxConfig(ctx.host, path, { parse });
  for (const [inc, targets] of config.includes) {
    if (inc.start !== d.start || inc.end !== d.end) continue;
    return targets.map((t) => ({ path: t.path, builtin: isBuiltinFile(t) }));
  }
  return [];
}
