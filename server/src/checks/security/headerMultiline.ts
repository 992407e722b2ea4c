import type { Finding } from '../../common/diagnostics';
import type { Rule, RuleContext } from '../rule';
import { reportable, scans, unique } from './scan';

const HEADER_DIRECTIVES = ['add_header', 'add_trailer', 'more_set_headers'];

/**
 * A header value written over several lines (a long Content-Security-Policy in quotes): nginx sends
 * the line breaks as they are, i.e. an obsolete folded header (RFC 7230 3.2.4) that browsers and
 * proxies reject or cut at the first line. The fix joins the lines with single spaces.
 */
export const headerMultiline: Rule = {
  id: 'header-multiline',
  severity: 'warning',
  description: 'a header value spans several lines: nginx sends the line breaks, clients reject or truncate the header',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const scan of scans(ctx)) {
      for (const v of scan.named(...HEADER_DIRECTIVES)) {
        const d = v.directive;
        if (!reportable(ctx, v)) continue;
        const word = d.name === 'more_set_headers' ? d.args.find((w) => w.value.includes('\n')) : d.args[1];
        if (!word || !/[\r\n]/.test(word.value)) continue;
        const joined = word.raw.replace(/[ \t]*\r?\n[ \t]*/g, ' ');
        const fixable = /\r?\n/.test(word.raw) && !/\\[nr]/.test(word.raw);
        out.push({
          file: v.file.path,
          start: word.start,
          end: word.end,
          severity: this.severity,
          code: this.id,
          message: `the value of ${d.name} ${d.args[0]?.value ?? ''} spans several lines: nginx sends the line breaks inside the header (an obsolete folded header), which browsers and proxies reject or cut at the first line. Write the value on one line`,
          ...(fixable ? { fixes: [{ title: 'Join the value into one line', edits: [{ file: v.file.path, start: word.start, end: word.end, newText: joined }], preferred: true }] } : {}),
        });
      }
    }
    return unique(out);
  },
};
