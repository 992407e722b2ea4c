/**
 * Hover in nginx files: directive documentation, variables (built-in or where the configuration
 * defines them), upstream names (their servers), and on a socket or `host:port` nginx connects
 * to: which gunicorn binds it and which other nginx lines proxy to it.
 */
import { posix } from 'node:path';
import type { FeatureContext } from '../context';
import { nginxFiles } from '../context';
import type { HoverResult } from '../types';
import { getDirectives, specIn } from '../../nginx/index';
import { LineIndex } from '../../common/text';
import { cursorAt } from './cursor';
import { directiveMarkdown, variableMarkdown } from './docs';
import { spanAt, upstreamDefinitions, upstreamReference, variableDefinitions, variableUses } from './names';
import { familyOf, isCaptureVariable, lookupBuiltin } from './variables';
import { formatAddress, gunicornEndpoints, nginxEndpoint, nginxEndpoints, reaches } from '../endpoints';
import { bindSourceName } from '../gunicorn/binds';
import { includeFiles } from './navigation';
import type { Directive } from '../../nginx/ast';

/** The hover at `offset` of an nginx file, or undefined. */
export function nginxHover(ctx: FeatureContext, path: string, offset: number): HoverResult | undefined {
  const file = ctx.nginx(path);
  if (!file) return undefined;
  const cur = cursorAt(file, offset);
  const d = cur.directive;
  if (!d || !cur.word || cur.inComment) return undefined;
  const w = cur.word;

  if (cur.wordIndex === 0) {
    const specs = getDirectives(d.name);
    if (specs.length === 0 || cur.blockKind !== 'directives') return undefined;
    const spec = (cur.context && specIn(d.name, cur.context)) || specs[0];
    return { markdown: directiveMarkdown(spec, specs), start: w.start, end: w.end };
  }

  if (d.name === 'include' && cur.wordIndex === 1) return { markdown: includeHover(ctx, path, d), start: w.start, end: w.end };

  const v = spanAt(variableUses(w, d), offset);
  if (v) return { markdown: variableHover(ctx, path, v.name, familyOf(cur.context)), start: v.start - 1, end: v.end };

  const up = upstreamReference(d);
  if (up && offset >= up.start && offset <= up.end) {
    const md = upstreamHover(ctx, path, up.name);
    if (md) return { markdown: md, start: up.start, end: up.end };
  }

  const ep = nginxEndpoint(d, path);
  if (ep && offset >= ep.start && offset <= ep.end) return { markdown: endpointHover(ctx, path, ep.address), start: ep.start, end: ep.end };
  return undefined;
}

/** The files an include pulls in, as nginx resolves it (masks sorted, Debian's stock files named). */
function includeHover(ctx: FeatureContext, path: string, d: Directive): string {
  const targets = includeFiles(ctx, path, d);
  if (targets.length === 0) return `\`include ${d.args[0]?.raw ?? ''}\` matches no file in the workspace`;
  const rows = targets.slice(0, 20).map((t) => `- ${t.builtin ? `\`${t.path}\` (Debian's stock file)` : `\`${rootRelative(ctx, t.path)}\``}`);
  if (targets.length > 20) rows.push(`- ... ${targets.length - 20} more`);
  return [`**include** pulls in ${targets.length} file${targets.length === 1 ? '' : 's'}:`, '', ...rows].join('\n');
}

function rootRelative(ctx: FeatureContext, p: string): string {
  for (const r of ctx.roots) if (p.startsWith(r + '/')) return p.slice(r.length + 1);
  return p;
}

function lineOf(ctx: FeatureContext, file: string, offset: number): number {
  return new LineIndex(ctx.host.readFile(file) ?? '').humanAt(offset).line;
}

function variableHover(ctx: FeatureContext, path: string, name: string, family: ReturnType<typeof familyOf>): string {
  const defs = nginxFiles(ctx, path).flatMap((f) => variableDefinitions(f).filter((x) => x.name === name).map((x) => ({ ...x, file: f.path })));
  if (defs.length > 0) {
    const where = defs.slice(0, 5).map((x) => `- \`${x.directive.name}\` in ${posix.basename(x.file)}, line ${lineOf(ctx, x.file, x.start)}`);
    return [`\`$${name}\`: defined by the configuration`, '', ...where].join('\n');
  }
  if (isCaptureVariable(name)) return `\`$${name}\`: capture ${name} of the last regular expression matched (location, rewrite, if, server_name)`;
  const b = lookupBuiltin(name, family);
  if (b) return variableMarkdown(name, b);
  return `\`$${name}\`: not a built-in variable and not defined in the workspace's configuration (nginx refuses to start: "unknown variable")`;
}

function upstreamHover(ctx: FeatureContext, path: string, name: string): string | undefined {
  for (const f of nginxFiles(ctx, path)) {
    const def = upstreamDefinitions(f).find((u) => u.name === name);
    if (!def) continue;
    const servers = (def.directive.block?.children ?? []).flatMap((s) => (s.type === 'directive' && s.name === 'server' ? [s.args.map((a) => a.raw).join(' ')] : []));
    return [`**upstream ${name}** (${posix.basename(f.path)}, line ${lineOf(ctx, f.path, def.start)})`, '', ...servers.map((s) => `- \`server ${s}\``)].join('\n');
  }
  return undefined;
}

/** Who binds an address and who proxies to it, as markdown. */
export function endpointHover(ctx: FeatureContext, path: string, address: import('../endpoints').Address): string {
  const lines = [`**${formatAddress(address)}**`, ''];
  const binders = gunicornEndpoints(ctx).filter((g) => reaches(address, g.parsed));
  if (binders.length === 0) lines.push(address.kind === 'unix' ? '- no gunicorn in the workspace binds this socket' : '- no gunicorn in the workspace binds this address');
  for (const b of binders) lines.push(`- gunicorn binds \`${b.address}\` (${bindSourceName(b.kind)} ${posix.basename(b.file)}, line ${lineOf(ctx, b.file, b.start)})`);
  for (const e of nginxEndpoints(ctx, path)) {
    if (!reaches(e.address, address) && !reaches(address, e.address)) continue;
    lines.push(`- nginx \`${e.directive.name}\` in ${posix.basename(e.file)}, line ${lineOf(ctx, e.file, e.start)}`);
  }
  return lines.join('\n');
}
