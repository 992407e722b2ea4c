/**
 * Folding ranges (blocks and runs of comment lines) and selection ranges (word, directive, block,
 * enclosing directives, file) of nginx files.
 */
import type { Directive, NginxFile, Statement } from '../../nginx/ast';
import type { FoldRange } from '../types';
import { cursorAt } from './cursor';

/** Foldable regions: every block spanning lines, and runs of two or more comment lines. */
export function nginxFolding(file: NginxFile): FoldRange[] {
  const out: FoldRange[] = [];
  const text = file.text;
  const visit = (list: readonly Statement[]): void => {
    let run: { start: number; end: number; count: number } | undefined;
    const flush = (): void => {
      if (run && run.count >= 2) out.push({ start: run.start, end: run.end, kind: 'comment' });
      run = undefined;
    };
    for (const s of list) {
      if (s.type === 'comment') {
        const lineStart = text.lastIndexOf('\n', s.start - 1) + 1;
        const ownLine = text.slice(lineStart, s.start).trim() === '';
        if (ownLine && run && !text.slice(run.end, s.start).includes('\n\n') && countBreaks(text, run.end, s.start) === 1) {
          run.end = s.end;
          run.count++;
        } else {
          flush();
          if (ownLine) run = { start: s.start, end: s.end, count: 1 };
        }
        continue;
      }
      flush();
      if (!s.block) continue;
      // The last line folded is the one before the closing brace, so the brace stays visible.
      let last = s.block.closed ? s.block.bodyEnd : s.block.end;
      while (last > s.block.bodyStart && /\s/.test(text[last - 1])) last--;
      if (last > s.block.bodyStart && text.slice(s.start, last).includes('\n')) out.push({ start: s.start, end: last - 1 });
      if (s.block.kind !== 'raw') visit(s.block.children);
    }
    flush();
  };
  visit(file.children);
  return out;
}

function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The spans that selection expands through at `offset`, innermost first (ending with the whole file). */
export function nginxSelectionRanges(file: NginxFile, offset: number): Array<{ start: number; end: number }> {
  const cur = cursorAt(file, offset);
  const out: Array<{ start: number; end: number }> = [];
  const push = (start: number, end: number): void => {
    const last = out[out.length - 1];
    if (last && last.start === start && last.end === end) return;
    if (last && (start > last.start || end < last.end)) return;
    out.push({ start, end });
  };
  if (cur.word) {
    push(cur.word.start, cur.word.end);
    if (cur.word.quote && cur.word.end - cur.word.start >= 2) {
      // Inside quotes first, then the quoted word.
      out.pop();
      push(cur.word.start + 1, cur.word.end - 1);
      push(cur.word.start, cur.word.end);
    }
  }
  if (cur.directive) push(cur.directive.start, cur.directive.end);
  for (let i = cur.blocks.length - 1; i >= 0; i--) {
    const b: Directive = cur.blocks[i];
    if (b.block) push(b.block.bodyStart, b.block.closed ? b.block.bodyEnd : b.block.end);
    push(b.start, b.end);
  }
  push(0, file.text.length);
  return out;
}
