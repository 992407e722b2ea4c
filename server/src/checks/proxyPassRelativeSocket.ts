import { posix } from 'node:path';
import type { Finding } from '../common/diagnostics';
import { replaceInRange, where, type Rule, type RuleContext } from './rule';

/**
 * `proxy_pass http://unix:run/app.sock`: nginx accepts a relative socket path and resolves it
 * against its own working directory (`/` for the service), not against gunicorn's. The fix uses the
 * absolute path of the gunicorn socket with the same name, when exactly one matches. An error when
 * the path read from / (the service's working directory) is no gunicorn socket of the workspace
 * (a sure 502); a warning when it works by accident or nothing is known about gunicorn.
 */
export const proxyPassRelativeSocket: Rule = {
  id: 'proxy-pass-relative-socket',
  severity: 'warning',
  description: 'a relative unix socket path in a pass directive (nginx resolves it against its own working directory)',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const binds = ctx.model.gunicorn.flatMap((g) => g.instance.binds).filter((b) => b.family === 'unix');
    for (const p of ctx.proxies) {
      if (p.dynamic) continue;
      for (const w of p.endpoints) {
        const e = w.endpoint;
        if (e.kind !== 'unix' || e.path === '' || e.path.startsWith('/')) continue;
        const rel = posix.normalize(e.path);
        const matches = binds.filter((b) => b.address.endsWith('/' + rel));
        const abs = matches.length === 1 ? matches[0].address.slice('unix:'.length) : undefined;
        // nginx started by systemd runs in /: the path works by accident when /<path> is a gunicorn socket.
        const fromRoot = binds.some((b) => b.address === `unix:/${rel}`);
        const edit = abs ? replaceInRange(ctx.host, w.file.path, w.word.start, w.word.end, `unix:${e.path}`, `unix:${abs}`) : undefined;
        out.push({
          file: w.file.path,
          start: w.word.start,
          end: w.word.end,
          severity: fromRoot || binds.length === 0 ? this.severity : 'error',
          code: this.id,
          message: `the socket path "${e.path}" is relative: nginx resolves it against its own working directory (usually /), not gunicorn's${abs ? `; gunicorn listens on ${abs}${matches[0].source ? ` (${where(ctx.host, matches[0].source.file, matches[0].source.start, ctx.model.root)})` : ''}` : ''}. Write the absolute path`,
          ...(abs && matches[0].source ? { related: [{ ...matches[0].source, message: `gunicorn binds ${matches[0].address}` }] } : {}),
          ...(edit ? { fixes: [{ title: `Use the absolute path unix:${abs}`, edits: [edit], preferred: true }] } : {}),
        });
      }
    }
    return out;
  },
};
