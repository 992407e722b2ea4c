import { posix } from 'node:path';
import type { Finding, Fix, TextEdit } from '../common/diagnostics';
import { backendsOf, type Backend } from '../project/backends';
import { insertLineAfter } from './edits';
import { replaceInRange, where, type Rule, type RuleContext } from './rule';

/**
 * The nginx side of a socket in a private /tmp: gunicorn's unit has PrivateTmp=true, so the socket
 * it creates under /tmp (or /var/tmp) lives in the service's own mount namespace; nginx connects to
 * the host's /tmp and finds nothing (`connect() ... failed (2: No such file or directory)`, 502).
 * The gunicorn side (`gunicorn-private-tmp-socket`) says where to move the socket; this finding is
 * on the nginx line that fails. A socket unit (ListenStream=) creates it in the host's /tmp: fine.
 * The fix moves the socket to /run/<name>/ on both sides (with `RuntimeDirectory=<name>`).
 */
export const socketPrivateTmp: Rule = {
  id: 'socket-private-tmp',
  severity: 'error',
  description: "nginx connects to a /tmp socket that gunicorn creates in its unit's private /tmp (PrivateTmp=true): 502",
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const b of backendsOf(ctx.model, ctx.proxies)) {
      const i = b.entry.instance;
      if (b.bind.family !== 'unix' || b.bind.origin === 'socket-activation' || !i.privateTmp?.value) continue;
      if (!/^unix:\/(var\/)?tmp\//.test(b.bind.address)) continue;
      const key = `${b.endpoint.file.path}:${b.endpoint.word.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const pt = i.privateTmp.source;
      out.push({
        file: b.endpoint.file.path,
        start: b.endpoint.word.start,
        end: b.endpoint.word.end,
        severity: this.severity,
        code: this.id,
        message: `nginx connects to ${b.bind.address.slice(5)}, but gunicorn's unit has PrivateTmp=true${pt ? ` (${where(ctx.host, pt.file, pt.start, ctx.model.root)})` : ''}: the socket is created in the service's private /tmp, invisible to nginx (No such file or directory, 502). Put the socket under /run (RuntimeDirectory=) on both sides`,
        related: [...(b.bind.source ? [{ ...b.bind.source, message: `gunicorn binds ${b.bind.address}` }] : []), ...(pt ? [{ ...pt, message: 'PrivateTmp=true' }] : [])],
        ...moveFix(ctx, b),
      });
    }
    return out;
  },
};

/** Moves the socket to /run/<name>/<socket> in the unit (bind + RuntimeDirectory=) and in nginx, when both are written in the workspace. */
function moveFix(ctx: RuleContext, b: Backend): { fixes?: Fix[] } {
  const i = b.entry.instance;
  const src = b.bind.source;
  if (i.kind !== 'systemd' || !src || b.bind.raw.includes('$')) return {};
  const dirName = i.runtimeDirectory?.value[0] ?? i.name?.replace(/\.service$/, '').replace(/@.*$/, '');
  if (!dirName || !/^[\w.-]+$/.test(dirName)) return {};
  const target = `/run/${dirName}/${posix.basename(b.bind.address.slice(5))}`;
  const edits: TextEdit[] = [];
  const bindEdit = replaceInRange(ctx.host, src.file, src.start, src.end, b.bind.raw, `unix:${target}`);
  const e = b.endpoint.endpoint;
  const nginxEdit = e.kind === 'unix' ? replaceInRange(ctx.host, b.endpoint.file.path, b.endpoint.word.start, b.endpoint.word.end, `unix:${e.path}`, `unix:${target}`) : undefined;
  if (!bindEdit || !nginxEdit) return {};
  edits.push(bindEdit, nginxEdit);
  if (!i.runtimeDirectory) {
    const text = ctx.host.readFile(i.file) ?? '';
    const m = /^\[Service\][ \t]*$/m.exec(text);
    const add = m ? insertLineAfter(ctx.host, i.file, m.index, `RuntimeDirectory=${dirName}`) : undefined;
    if (!add) return {};
    edits.push(add);
  }
  return { fixes: [{ title: `Move the socket to ${target} (RuntimeDirectory=${dirName})`, edits, preferred: true }] };
}
