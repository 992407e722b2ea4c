/**
 * The language service: one entry per editor feature, dispatched on what the file is (by path and
 * content, `project/discover.ts` classifyFile; the server may add the editor's language id). Plain
 * data in, plain data out; `server/src/lsp/` is the only code that turns it into LSP.
 */
import type { FeatureContext } from './context';
import type { CompletionEntry, DocLink, FileSpan, FoldRange, HoverResult, RenameResult, RenameTarget, SymbolNode } from './types';
import type { DeployFileKind } from '../project/discover';
import { nginxCompletion } from './nginx/completion';
import { nginxHover } from './nginx/hover';
import { nginxDefinition, nginxReferences } from './nginx/navigation';
import { nginxSymbols } from './nginx/outline';
import { nginxFolding, nginxSelectionRanges } from './nginx/structure';
import { nginxLinks } from './nginx/links';
import { formatNginxEdits, type FormatEdit, type FormatOptions } from './nginx/format';
import { gunicornCompletion } from './gunicorn/completion';
import { gunicornHover } from './gunicorn/hover';
import { gunicornDefinition, gunicornReferences } from './gunicorn/navigation';
import { gunicornSymbols } from './gunicorn/outline';
import { gunicornLinks } from './gunicorn/links';
import { prepareRename as prepare, rename as doRename } from './rename';

/** Files that start or configure gunicorn. */
const GUNICORN_KINDS = new Set<DeployFileKind>(['gunicorn-config', 'systemd-service', 'systemd-socket', 'procfile', 'dockerfile', 'supervisor', 'env']);

function isNginx(ctx: FeatureContext, path: string): boolean {
  return ctx.kindOf(path) === 'nginx';
}

function isGunicorn(ctx: FeatureContext, path: string): boolean {
  return GUNICORN_KINDS.has(ctx.kindOf(path));
}

/** Completion proposals at `offset`. */
export function completion(ctx: FeatureContext, path: string, offset: number): CompletionEntry[] {
  if (isNginx(ctx, path)) return nginxCompletion(ctx, path, offset);
  if (isGunicorn(ctx, path)) return gunicornCompletion(ctx, path, offset);
  return [];
}

/** Hover at `offset`. */
export function hover(ctx: FeatureContext, path: string, offset: number): HoverResult | undefined {
  if (isNginx(ctx, path)) return nginxHover(ctx, path, offset);
  if (isGunicorn(ctx, path)) return gunicornHover(ctx, path, offset);
  return undefined;
}

/** Definition locations of what is at `offset`. */
export function definition(ctx: FeatureContext, path: string, offset: number): FileSpan[] {
  if (isNginx(ctx, path)) return nginxDefinition(ctx, path, offset);
  if (isGunicorn(ctx, path)) return gunicornDefinition(ctx, path, offset);
  return [];
}

/** References of what is at `offset`. */
export function references(ctx: FeatureContext, path: string, offset: number, withDeclaration: boolean): FileSpan[] {
  if (isNginx(ctx, path)) return nginxReferences(ctx, path, offset, withDeclaration);
  if (isGunicorn(ctx, path)) return gunicornReferences(ctx, path, offset, withDeclaration);
  return [];
}

/** The outline. */
export function documentSymbols(ctx: FeatureContext, path: string): SymbolNode[] {
  if (isNginx(ctx, path)) {
    const f = ctx.nginx(path);
    return f ? nginxSymbols(f) : [];
  }
  if (isGunicorn(ctx, path)) return gunicornSymbols(ctx.host.readFile(path) ?? '', ctx.kindOf(path));
  return [];
}

/** Foldable regions (nginx; other files use the editor's indentation folding). */
export function foldingRanges(ctx: FeatureContext, path: string): FoldRange[] {
  const f = isNginx(ctx, path) ? ctx.nginx(path) : undefined;
  return f ? nginxFolding(f) : [];
}

/** Selection ranges for each offset (innermost first). */
export function selectionRanges(ctx: FeatureContext, path: string, offsets: readonly number[]): Array<Array<{ start: number; end: number }>> {
  const f = isNginx(ctx, path) ? ctx.nginx(path) : undefined;
  return offsets.map((o) => (f ? nginxSelectionRanges(f, o) : []));
}

/** Document links. */
export function documentLinks(ctx: FeatureContext, path: string): DocLink[] {
  if (isNginx(ctx, path)) return nginxLinks(ctx, path);
  if (isGunicorn(ctx, path)) return gunicornLinks(ctx, path);
  return [];
}

/** Formatting edits (nginx only); `range` limits them to a selection. */
export function format(ctx: FeatureContext, path: string, options: FormatOptions, range?: { start: number; end: number }): FormatEdit[] {
  if (!isNginx(ctx, path)) return [];
  const text = ctx.host.readFile(path);
  return text === undefined ? [] : formatNginxEdits(text, options, range);
}

/** Where a rename at `offset` applies. */
export function prepareRename(ctx: FeatureContext, path: string, offset: number): RenameTarget | undefined {
  return prepare(ctx, path, offset);
}

/** The rename edits. */
export function rename(ctx: FeatureContext, path: string, offset: number, newName: string): RenameResult {
  return doRename(ctx, path, offset, newName);
}
