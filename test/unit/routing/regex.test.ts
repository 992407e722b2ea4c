// PCRE -> JavaScript translation over byte strings: what nginx's PCRE (no UTF mode, C locale)
// matches, the translation matches; what JavaScript cannot express is reported, never guessed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromByteString, toByteString } from '../../../server/src/nginx/routing/bytes';
import { translatePcre } from '../../../server/src/nginx/routing/regex';

// [pattern, caseless, subject, expected: false (no match) or the captures [$0, $1, ...]]
const matches: Array<[string, boolean, string, false | Array<string | undefined>]> = [
  ['\\.php$', false, '/index.php', ['.php']],
  ['\\.php$', false, '/index.php\n', ['.php']], // PCRE $ matches before a final newline
  ['\\.php$', false, '/index.php\n\n', false],
  ['\\.php\\z', false, '/index.php\n', false],
  ['\\.php\\Z', false, '/index.php\n', ['.php']],
  ['^/a.c$', false, '/a\rc', ['/a\rc']], // . matches \r in PCRE (not in JS)
  ['^/a.c$', false, '/a\nc', false],
  ['(?s)^/a.c$', false, '/a\nc', ['/a\nc']],
  ['^/A', true, '/abc', ['/a']],
  ['^/A', false, '/abc', false],
  ['(?i)^/A', false, '/abc', ['/a']],
  ['^/(?i)a(?-i)B', false, '/Ab', false],
  ['^/(?i)a(?-i)B', false, '/AB', ['/AB']],
  ['^/((?i)a)b', false, '/AB', false],
  ['^/((?i)a)b', false, '/Ab', ['/Ab', 'A']],
  ['^/(?i:a)b', false, '/Ab', ['/Ab']],
  ['caf\u00e9', true, '/CAF\u00c9', false], // caseless folds ASCII only: \u00e9 is not \u00c9 in bytes
  ['caf\u00e9', true, '/CAF\u00e9', ['CAF\u00e9']],
  ['^/caf.$', false, '/caf\u00e9', false], // \u00e9 is two bytes: . matches one
  ['^/caf..$', false, '/caf\u00e9', ['/caf\u00e9']],
  ['^/(?<name>[a-z]+)/(?P<id>\\d+)$', false, '/users/42', ['/users/42', 'users', '42']],
  ["^/(?'n'x)$", false, '/x', ['/x', 'x']],
  ['^/(a)(?P=n)?', false, '/a', false], // unknown group name: not translated (checked below)
  ['\\s', false, '/a\u00a0b', false], // \s is ASCII only
  ['\\s', false, '/a\u000bb', ['\u000b']],
  ['\\h', false, '/a\u00a0b', ['\ufffd']], // \u00a0 is C2 A0 in UTF-8: \h matches the byte A0 alone
  ['\\w+', false, '/\u00e9t\u00e9', ['t']],
  ['^/[[:alpha:]]+$', false, '/abcXYZ', ['/abcXYZ']],
  ['^/[[:alpha:]]+$', false, '/abc1', false],
  ['^/[^[:digit:]]+$', false, '/abc', ['/abc']],
  ['^/[]a]+$', false, '/]a]', ['/]a]']],
  ['^/[^]a]+$', false, '/bcd', ['/bcd']],
  ['^/[a-c]+$', true, '/ABC', ['/ABC']],
  ['^/[^a-c]+$', true, '/ABC', false],
  ['\\Q.b\\E', false, '/a.b', ['.b']],
  ['\\Q.b\\E', false, '/axb', false],
  ['^/x{2}$', false, '/xx', ['/xx']],
  ['^/x{,2}$', false, '/x{,2}', ['/x{,2}']], // PCRE2 10.42: "{,2}" is literal
  ['^/a{', false, '/a{', ['/a{']],
  ['\\bdocs\\b', false, '/docs/x', ['docs']],
  ['\\x41\\x{42}', false, '/AB', ['AB']],
  ['\\101', false, '/A', false], // a multi-digit escape is not modelled (checked below)
  ['^/a(?=b)', false, '/ab', ['/a']],
  ['(?<=/a)b', false, '/ab', ['b']],
  ['^/(a|b)+?c', false, '/abc', ['/abc', 'b']],
  ['^/(\\w)\\1$', false, '/aa', ['/aa', 'a']],
  ['\\d{2,}', false, '/x12', ['12']],
  ['^/\\A', false, '/', false],
  ['(?m)^b$', false, 'a\nb\nc', ['b']],
  ['^b', false, 'a\nb', false],
  ['(?#comment)^/a', false, '/a', ['/a']],
  ['[\\d-z]+', false, '/1-z', ['1-z']],
  ['\\N+', false, 'ab\ncd', ['ab']],
];

const unsupported = [
  'a++',
  'a*+',
  '(?>a)',
  '(?|(a)|(b))',
  '(?(1)a|b)',
  '(?R)',
  '(a)(?1)',
  '(?&n)',
  '(*UTF8)a',
  '\\p{L}',
  '\\X',
  'a\\Kb',
  '(?x) a b',
  '(?U)a*',
  '\\101',
  '(a)(?P=n)',
  '\\y',
  '[a',
  '(a',
  'a)',
  '*a',
  '[z-a]',
  '(?i)(a)\\1',
];

test('translated patterns match like PCRE', () => {
  for (const [pattern, caseless, subject, want] of matches) {
    const t = translatePcre(pattern, caseless);
    const label = `${JSON.stringify(pattern)}${caseless ? ' (caseless)' : ''} on ${JSON.stringify(subject)}`;
    if (pattern === '^/(a)(?P=n)?' || pattern === '\\101') {
      assert.equal(t.ok, false, label);
      continue;
    }
    assert.ok(t.ok, `${label}: ${t.ok ? '' : t.reason}`);
    if (!t.ok) continue;
    const m = t.regex.exec(toByteString(subject));
    if (want === false) assert.equal(m, null, label);
    else assert.deepEqual(m && [...m].map((x) => (x === undefined ? undefined : fromByteString(x))), want, label);
  }
});

test('what JavaScript cannot do like PCRE is reported', () => {
  for (const pattern of unsupported) {
    const t = translatePcre(pattern, false);
    assert.equal(t.ok, false, `${JSON.stringify(pattern)} should not be translated`);
    if (!t.ok) assert.ok(t.reason.length > 0);
  }
});

test('named groups are numbered like PCRE', () => {
  const t = translatePcre('^/(a)(?<x>b)(?:c)(?P<y>d)$', false);
  assert.ok(t.ok);
  if (t.ok) {
    assert.equal(t.groups, 3);
    assert.deepEqual([...t.names], [['x', 2], ['y', 3]]);
  }
});
