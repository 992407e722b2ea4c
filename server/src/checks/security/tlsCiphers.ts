import type { Finding } from '../../common/diagnostics';
import type { Rule, RuleContext } from '../rule';
import { reportable, scans, unique } from './scan';

/** Parts of OpenSSL cipher names and keywords that mean a broken or unauthenticated cipher. */
const WEAK_PARTS = new Set(['RC4', 'RC2', 'DES', '3DES', 'MD5', 'NULL', 'eNULL', 'aNULL', 'EXP', 'EXPORT', 'EXPORT40', 'EXPORT56', 'LOW', 'ADH', 'AECDH', 'IDEA']);
/** Keywords whose `!` removal also removes a part (`!aNULL` removes ADH suites). */
const ALSO_REMOVED_BY: Record<string, string[]> = { aNULL: ['ADH'], ADH: ['aNULL'], AECDH: ['aNULL'], NULL: ['eNULL'], eNULL: ['NULL'], EXP: ['EXPORT'], EXPORT: ['EXP'] };
const DIRECTIVES = ['ssl_ciphers', 'proxy_ssl_ciphers', 'grpc_ssl_ciphers', 'uwsgi_ssl_ciphers'];

/** The weak parts of one cipher-list entry, canonical (`ECDHE-RSA-DES-CBC3-SHA` -> 3DES; `+RC4` -> RC4). */
function weakParts(entry: string): string[] {
  const parts = entry.replace(/^\+/, '').split(/[-+]/);
  const triple = parts.includes('CBC3');
  // ALL (and COMPLEMENTOFALL) include the anonymous suites (aNULL) unless they are removed.
  const out = parts.filter((p) => WEAK_PARTS.has(p) || p === 'CBC3' || p === 'ALL' || p === 'COMPLEMENTOFALL').map((p) => (p === 'CBC3' || (triple && p === 'DES') ? '3DES' : p === 'ALL' || p === 'COMPLEMENTOFALL' ? 'aNULL' : p));
  return [...new Set(out)];
}

/**
 * `ssl_ciphers` that enables broken ciphers: RC4, DES and 3DES (Sweet32), export-grade, NULL
 * (no encryption) or anonymous (aNULL, ADH: no authentication, trivially man-in-the-middled),
 * MD5. An entry counts only when a later or earlier `!X` does not remove it (OpenSSL's `!` removes
 * for good). The fix drops the weak entries when others remain.
 */
export const tlsCiphers: Rule = {
  id: 'tls-ciphers-weak',
  severity: 'warning',
  description: 'ssl_ciphers enables broken ciphers (RC4, DES/3DES, export, NULL, anonymous, MD5)',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const scan of scans(ctx)) {
      for (const v of scan.named(...DIRECTIVES)) {
        const d = v.directive;
        const word = d.args[0];
        if (!word || d.args.length !== 1 || !reportable(ctx, v)) continue;
        const entries = word.value.split(/[:, ]+/).filter(Boolean);
        const removed = new Set(entries.filter((e) => e.startsWith('!') || e.startsWith('-')).map((e) => e.slice(1)));
        const weak = entries.filter((e) => !e.startsWith('!') && !e.startsWith('-') && !e.startsWith('@') && weakParts(e).some((p) => !removed.has(p) && !(ALSO_REMOVED_BY[p] ?? []).some((x) => removed.has(x))));
        if (weak.length === 0) continue;
        const kept = entries.filter((e) => !weak.includes(e));
        const positive = kept.some((e) => !e.startsWith('!') && !e.startsWith('-') && !e.startsWith('@'));
        const raw = word.raw;
        const quote = word.quote ?? '';
        const fixable = positive && raw === `${quote}${word.value}${quote}` && !/[, ]/.test(word.value);
        out.push({
          file: v.file.path,
          start: word.start,
          end: word.end,
          severity: this.severity,
          code: this.id,
          message: `${d.name} enables ${weak.join(', ')}: broken or unauthenticated ciphers (RC4, DES/3DES, export, NULL, anonymous, MD5) that let an attacker read or alter the traffic. Remove them, or exclude them with !${weakParts(weak[0])[0]}`,
          ...(fixable ? { fixes: [{ title: `Remove ${weak.join(', ')}`, edits: [{ file: v.file.path, start: word.start, end: word.end, newText: `${quote}${kept.join(':')}${quote}` }], preferred: true }] } : {}),
        });
      }
    }
    return unique(out);
  },
};
