/**
 * The outline of an nginx file: servers (with their names and ports), locations (with their
 * modifiers), upstreams, and the other blocks, nested as in the file.
 */
import type { Directive, NginxFile, Statement } from '../../nginx/ast';
import type { SymbolNode } from '../types';
import { getOwn } from '../../common/own';

const LOCATION_KIND: Record<string, string> = {
  '=': 'exact match',
  '~': 'regex',
  '~*': 'regex, case-insensitive',
  '^~': 'prefix, no regex after it',
};

/** The outline of a file. */
export function nginxSymbols(file: NginxFile): SymbolNode[] {
  return symbolsOf(file.children);
}

function symbolsOf(list: readonly Statement[]): SymbolNode[] {
  const out: SymbolNode[] = [];
  for (const s of list) {
    if (s.type !== 'directive' || !s.block) continue;
    out.push(symbolOf(s));
  }
  return out;
}

function args(d: Directive): string {
  return d.args.map((a) => a.raw).join(' ');
}

function symbolOf(d: Directive): SymbolNode {
  const last = d.args.length > 0 ? d.args[d.args.length - 1] : d.nameWord;
  const node: SymbolNode = {
    name: d.args.length > 0 ? `${d.name} ${args(d)}` : d.name,
    kind: 'block',
    start: d.start,
    end: d.end,
    selectionStart: d.nameWord.start,
    selectionEnd: last.end,
    children: d.block && d.block.kind === 'directives' ? symbolsOf(d.block.children) : [],
  };
  const kids = (d.block?.children ?? []).filter((c): c is Directive => c.type === 'directive');
  switch (d.name) {
    case 'server': {
      node.kind = 'server';
      const names = kids.filter((k) => k.name === 'server_name').flatMap((k) => k.args.map((a) => a.value));
      const listens = kids.filter((k) => k.name === 'listen').map((k) => k.args.map((a) => a.value).join(' '));
      if (d.parent?.name === 'upstream') break;
      node.name = names.length > 0 ? `server ${names.join(' ')}` : 'server';
      if (listens.length > 0) node.detail = listens.map((l) => `listen ${l}`).join(', ');
      break;
    }
    case 'location': {
      node.kind = 'location';
      const mod = d.args.length > 1 ? d.args[0].value : d.args[0]?.value.startsWith('@') ? '@' : '';
      // Own keys only: `location constructor /x` is no known modifier.
      node.detail = mod === '@' ? 'named' : (getOwn(LOCATION_KIND, mod) ?? 'prefix');
      break;
    }
    case 'upstream': {
      node.kind = 'upstream';
      const servers = kids.filter((k) => k.name === 'server').map((k) => k.args[0]?.value ?? '');
      if (servers.length > 0) node.detail = servers.join(', ');
      break;
    }
    case 'map':
    case 'geo':
    case 'split_clients':
      node.kind = 'map';
      break;
  }
  return node;
}
