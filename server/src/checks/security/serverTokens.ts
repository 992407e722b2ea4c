import type { Finding, TextEdit } from '../../common/diagnostics';
import type { Visit } from '../../nginx/walk';
import type { Rule, RuleContext } from '../rule';
import { reportable, scans, unique, type ConfigScan } from './scan';

/**
 * `server_tokens on` (nginx's default) puts the exact nginx version in the Server header and on
 * every error page: scanners match it against known vulnerabilities. An explicit `on` (or `build`)
 * is a warning with a fix to `off`; a complete nginx.conf whose http block leaves the default is a
 * hint when a server listens on an address other machines reach, with a fix that adds
 * `server_tokens off;` (site files cannot tell: nginx.conf may set it; a loopback-only nginx sits
 * behind something else that answers clients).
 */
export const serverTokens: Rule = {
  id: 'server-tokens',
  severity: 'warning',
  description: 'server_tokens is on: the Server header and error pages show the exact nginx version',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const scan of scans(ctx)) {
      for (const v of scan.named('server_tokens')) {
        const d = v.directive;
        if (!reportable(ctx, v)) continue;
        const word = d.args[0];
        if (!word || (word.value !== 'on' && word.value !== 'build')) continue;
        out.push({
          file: v.file.path,
          start: word.start,
          end: word.end,
          severity: this.severity,
          code: this.id,
          message: `server_tokens ${word.value} shows the exact nginx version in the Server header and on error pages, which tells scanners which vulnerabilities to try. Set server_tokens off`,
          fixes: [{ title: 'Set server_tokens off', edits: [{ file: v.file.path, start: word.start, end: word.end, newText: 'off' }], preferred: true }],
        });
      }
      if (scan.config.context !== 'main' || !exposed(ctx, scan)) continue;
      for (const http of scan.children.get(null) ?? []) {
        if (http.directive.name !== 'http' || !http.directive.block || !reportable(ctx, http)) continue;
        const kids = scan.children.get(http) ?? [];
        if (kids.some((k) => k.directive.name === 'server_tokens')) continue;
        const servers = kids.filter((k) => k.directive.name === 'server');
        if (servers.length > 0 && servers.every((s) => (scan.children.get(s) ?? []).some((k) => k.directive.name === 'server_tokens'))) continue;
        const edit = insertFirstLine(ctx, http, 'server_tokens off;');
        out.push({
          file: http.file.path,
          start: http.directive.nameWord.start,
          end: http.directive.nameWord.end,
          severity: 'hint',
          code: this.id,
          message: 'server_tokens is not set, so nginx shows its exact version in the Server header and on error pages. Add server_tokens off; to the http block',
          ...(edit ? { fixes: [{ title: 'Add server_tokens off;', edits: [edit], preferred: true }] } : {}),
        });
      }
    }
    return unique(out);
  },
};

/** Some server of the configuration listens on an address other machines reach (not loopback, not a unix socket). */
function exposed(ctx: RuleContext, scan: ConfigScan): boolean {
  const site = ctx.model.nginx.find((s) => s.config === scan.config);
  return (site?.routing.servers ?? []).some((server) =>
    server.listens.some((l) => l.spec.addresses.some((a) => a.kind === 'tcp' && !/^(?:127\.|::1$|localhost$)/.test(a.address))),
  );
}

/** A line inserted as the first statement of a block, indented like its first child (or one level deeper). */
function insertFirstLine(ctx: RuleContext, block: Visit, line: string): TextEdit | undefined {
  const text = ctx.host.readFile(block.file.path);
  const b = block.directive.block;
  if (text === undefined || !b) return undefined;
  const nl = text.indexOf('\n', b.start);
  if (nl < 0 || nl >= b.bodyEnd) return undefined;
  const lineStartAt = text.lastIndexOf('\n', block.directive.start - 1) + 1;
  const outer = /^[ \t]*/.exec(text.slice(lineStartAt))![0];
  const next = /^[ \t]*(?=\S)/m.exec(text.slice(nl + 1, b.bodyEnd));
  const indent = next && next[0].length > outer.length ? next[0] : outer + '    ';
  return { file: block.file.path, start: nl + 1, end: nl + 1, newText: `${indent}${line}\n` };
}
