/**
 * Outlines of the files around gunicorn: gunicorn.conf.py (the settings it assigns, known ones
 * marked), systemd units and supervisor files (sections and their keys), Procfiles (process types).
 */
import type { DeployFileKind } from '../../project/discover';
import type { SymbolNode } from '../types';
import { settingByName } from '../../gunicorn/catalog';

/** The outline of one file. */
export function gunicornSymbols(text: string, kind: DeployFileKind): SymbolNode[] {
  if (kind === 'gunicorn-config') return confSymbols(text);
  if (kind === 'systemd-service' || kind === 'systemd-socket' || kind === 'supervisor') return iniSymbols(text);
  if (kind === 'procfile') return procfileSymbols(text);
  return [];
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

function confSymbols(text: string): SymbolNode[] {
  const out: SymbolNode[] = [];
  for (const m of text.matchAll(/^(def\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(=|\()/gm)) {
    const name = m[2];
    const start = m.index!;
    const nameStart = start + (m[1]?.length ?? 0);
    const known = settingByName(name);
    out.push({
      name,
      detail: known ? 'gunicorn setting' : m[1] ? 'function' : 'not a gunicorn setting (ignored)',
      kind: m[1] ? 'function' : known ? 'setting' : 'variable',
      start,
      end: lineEnd(text, start),
      selectionStart: nameStart,
      selectionEnd: nameStart + name.length,
      children: [],
    });
  }
  return out;
}

function iniSymbols(text: string): SymbolNode[] {
  const out: SymbolNode[] = [];
  let section: SymbolNode | undefined;
  for (const m of text.matchAll(/^[ \t]*(?:\[([^\]\r\n]+)\]|([A-Za-z][A-Za-z0-9_.-]*)[ \t]*=)/gm)) {
    const start = m.index! + (m[0].length - m[0].trimStart().length);
    if (m[1] !== undefined) {
      section = { name: `[${m[1]}]`, kind: 'section', start, end: lineEnd(text, start), selectionStart: start, selectionEnd: start + m[1].length + 2, children: [] };
      out.push(section);
      continue;
    }
    const key: SymbolNode = { name: m[2], kind: 'setting', start, end: lineEnd(text, start), selectionStart: start, selectionEnd: start + m[2].length, children: [] };
    if (section) {
      section.children.push(key);
      section.end = key.end;
    } else out.push(key);
  }
  return out;
}

function procfileSymbols(text: string): SymbolNode[] {
  const out: SymbolNode[] = [];
  for (const m of text.matchAll(/^([A-Za-z0-9_-]+):/gm)) {
    const start = m.index!;
    out.push({ name: m[1], detail: 'process type', kind: 'function', start, end: lineEnd(text, start), selectionStart: start, selectionEnd: start + m[1].length, children: [] });
  }
  return out;
}
