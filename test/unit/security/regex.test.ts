/**
 * The two regex readers of the security rules, as tables: what a capture group of a PCRE pattern
 * can hold (regexGroups.ts), and how a hostile host name still matches an Origin/Referer regex
 * (hostRegex.ts). Plus totality: any pattern text, half typed, is read without throwing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeRegex, has } from '../../../server/src/checks/security/regexGroups';
import { escapeHostDots, hostRegexProblems } from '../../../server/src/checks/security/hostRegex';

test('capture groups: which bytes they can hold and start with', () => {
  // pattern, group, can hold \n, can hold \r, can start with ".", can hold "/"
  const table: Array<[string, number | string, boolean, boolean, boolean, boolean]> = [
    ['^/a/(.*)$', 1, false, true, true, true],
    ['^/a/([^/]*)$', 1, true, true, true, false],
    ['^/a/(\\w+)$', 1, false, false, false, false],
    ['^/a/(\\W*)$', 1, true, true, true, true],
    ['^/a/(\\d+)\\.png$', 1, false, false, false, false],
    ['^/a/(\\S+)$', 1, false, false, true, true],
    ['^/a/(\\s+)$', 1, true, true, false, false],
    ['(?s)^/a/(.*)$', 1, true, true, true, true],
    ['^/a/(?<rest>.*)$', 'rest', false, true, true, true],
    ['^/a/(?P<rest>[a-z.]+)$', 'rest', false, false, true, false],
    ['^/(a|b)/(x(y)z)?', 3, false, false, false, false],
    ['^/(?:a|b)/([\\x00-\\x1f]+)', 1, true, true, false, false],
    ['^/([^\\n]*)', 1, false, true, true, true],
    ['^/(\\.\\.?/.*)', 1, false, true, true, true],
    ['^/([/][a-z]*)', 1, false, false, false, true],
    ['^/static(/.*)?$', 1, false, true, false, true],
    ['^/x/([[:alpha:]]+)', 1, false, false, false, false],
  ];
  for (const [pattern, group, nl, cr, dotFirst, slash] of table) {
    const r = analyzeRegex(pattern);
    const g = typeof group === 'number' ? r.groups[group - 1] : r.byName.get(group);
    assert.ok(g, `${pattern}: group ${group}`);
    assert.equal(has(g.chars, '\n'), nl, `${pattern} ${group} \\n`);
    assert.equal(has(g.chars, '\r'), cr, `${pattern} ${group} \\r`);
    assert.equal(has(g.first, '.'), dotFirst, `${pattern} ${group} starts with .`);
    assert.equal(has(g.chars, '/'), slash, `${pattern} ${group} /`);
  }
});

test('anchoring and group offsets', () => {
  assert.equal(analyzeRegex('^/a').anchoredStart, true);
  assert.equal(analyzeRegex('\\A/a').anchoredStart, true);
  assert.equal(analyzeRegex('/a').anchoredStart, false);
  assert.equal(analyzeRegex('^/a|/b').anchoredStart, false);
  assert.equal(analyzeRegex('(^/a|^/b)').anchoredStart, true);
  assert.equal(analyzeRegex('(^/a|/b)').anchoredStart, false);
  assert.equal(analyzeRegex('^/static(.*)$').groups[0].start, 8);
});

test('origin and referer regexes: the ways a hostile name matches', () => {
  // pattern, bare dots, open end, open start
  const table: Array<[string, boolean, boolean, boolean]> = [
    ['^https://app\\.example\\.com$', false, false, false],
    ['^https://app.example.com$', true, false, false],
    ['^https://example\\.com', false, true, false],
    ['https://example\\.com$', false, false, false],
    ['example\\.com$', false, false, true],
    ['^https?://.*example\\.com$', false, false, true],
    ['^https?://.*\\.example\\.com$', false, false, false],
    ['^https://(www\\.)?example\\.com$', false, false, false],
    ['^https://(www\\.|app\\.)?example\\.com(:[0-9]+)?$', false, false, false],
    ['^https://(a\\.com|b\\.org)$', false, false, false],
    ['^https://(a\\.com|b\\.org)', false, true, false],
    ['^https://[a-z0-9-]+\\.example\\.org(:[0-9]+)?$', false, false, false],
    ['^www\\.example\\.com/', false, false, false],
    ['~\\.google\\.', false, false, false],
    ['^https://example\\.com/', false, false, false],
  ];
  for (const [pattern, dots, end, start] of table) {
    const p = hostRegexProblems(pattern);
    assert.equal(p.bareDots, dots, `${pattern}: bare dots`);
    assert.equal(p.openEnd !== undefined, end, `${pattern}: open end`);
    assert.equal(p.openStart !== undefined, start, `${pattern}: open start`);
  }
  assert.equal(escapeHostDots('^https://app.example.com$', hostRegexProblems('^https://app.example.com$')), '^https://app\\.example\\.com$');
  assert.equal(escapeHostDots('^https?://(.*)app.example.com', hostRegexProblems('^https?://(.*)app.example.com')), '^https?://(.*)app\\.example\\.com');
});

test('both readers are total on any pattern text', () => {
  const chars = fc.constantFrom(...'()[]{}|^$\\.*+?-:/<>\'PaZ09_nrswdSWD#=!,'.split(''));
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 60 }).map((a) => a.join('')), (p) => {
      const r = analyzeRegex(p);
      for (const g of r.groups) assert.ok(g.start >= 0 && g.start < p.length);
      const h = hostRegexProblems(p);
      for (const l of h.literals) assert.ok(l.start >= 0 && l.end <= p.length && l.start < l.end);
      const dots = h.literals.reduce((n, l) => n + l.bareDots.length, 0);
      assert.equal(escapeHostDots(p, h).length, p.length + dots);
    }),
    { numRuns: 2000, seed: 11 },
  );
});
