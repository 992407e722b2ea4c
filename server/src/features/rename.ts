/**
 * Rename across files: an upstream name (its `upstream` block and every `*_pass` naming it), and a
 * unix socket path (every nginx line that connects to it and every gunicorn bind / socket unit
 * that creates it), in one workspace edit, starting from either side.
 */
import type { FeatureContext } from './context';
import { nginxFiles } from './context';
import type { FileEdit, RenameResult, RenameTarget } from './types';
import { nginxSymbolAt } from './nginx/navigation';
import { upstreamDefinitions, upstreamReference } from './nginx/names';
import { allDirectives } from './nginx/cursor';
import { gunicornEndpoints, nginxEndpoints, type Address } from './endpoints';

type Target = { kind: 'upstream'; name: string; start: number; end: number } | { kind: 'socket'; path: string; start: number; end: number };

function targetAt(ctx: FeatureContext, path: string, offset: number): Target | undefined {
  if (ctx.kindOf(path) === 'nginx') {
    const sym = nginxSymbolAt(ctx, path, offset);
    if (sym?.kind === 'upstream') return { kind: 'upstream', name: sym.name, start: sym.span.start, end: sym.span.end };
    if (sym?.kind === 'endpoint' && sym.address.kind === 'unix') return { kind: 'socket', path: sym.address.path, start: sym.span.start, end: sym.span.end };
    if (sym) return undefined;
  }
  for (const g of gunicornEndpoints(ctx)) {
    if (g.file === path && offset >= g.start && offset <= g.end && g.parsed.kind === 'unix') return { kind: 'socket', path: g.parsed.path, start: g.start, end: g.end };
  }
  return undefined;
}

/** The span a rename at `offset` would change, or undefined when nothing renameable is there. */
export function prepareRename(ctx: FeatureContext, path: string, offset: number): RenameTarget | undefined {
  const t = targetAt(ctx, path, offset);
  if (!t) return undefined;
  const text = ctx.host.readFile(path) ?? '';
  return { start: t.start, end: t.end, placeholder: text.slice(t.start, t.end) };
}

/** The edits that rename the symbol at `offset` to `newName`. */
export function rename(ctx: FeatureContext, path: string, offset: number, newName: string): RenameResult {
  const t = targetAt(ctx, path, offset);
  if (!t) return { error: 'Only upstream names and unix socket paths can be renamed.' };
  if (t.kind === 'upstream') {
    if (!/^[A-Za-z0-9_.-]+$/.test(newName)) return { error: `"${newName}" is not a valid upstream name (letters, digits, "_", "-", ".")` };
    const edits: FileEdit[] = [];
    for (const f of nginxFiles(ctx, path)) {
      for (const u of upstreamDefinitions(f)) if (u.name === t.name) edits.push({ file: f.path, start: u.start, end: u.end, newText: newName });
      for (const d of allDirectives(f)) {
        const r = upstreamReference(d);
        if (r && r.name === t.name) edits.push({ file: f.path, start: r.start, end: r.end, newText: newName });
      }
    }
    return { edits };
  }
  if (!newName.startsWith('/') || /[\s;'"{}]/.test(newName)) return { error: `"${newName}" is not an absolute socket path without spaces or quotes` };
  return { edits: socketEdits(ctx, path, { kind: 'unix', path: t.path }, newName) };
}

function socketEdits(ctx: FeatureContext, path: string, address: Address & { kind: 'unix' }, newPath: string): FileEdit[] {
  const edits: FileEdit[] = [];
  for (const e of nginxEndpoints(ctx, path)) {
    if (e.address.kind === 'unix' && e.address.path === address.path) edits.push({ file: e.file, start: e.start, end: e.end, newText: newPath });
  }
  for (const g of gunicornEndpoints(ctx)) {
    if (g.parsed.kind === 'unix' && g.parsed.path === address.path) edits.push({ file: g.file, start: g.start, end: g.end, newText: newPath });
  }
  return edits;
}
