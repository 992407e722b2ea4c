// The parser against nginx itself: 800 random token soups, each inside `types { }`, with the
// verdict the real nginx 1.22.1 `nginx -t` gave (recorded by parse-verdicts.gen.mjs). The parser
// must accept exactly what nginx accepts: no false errors, no missed ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { directivesOf, type Directive, type NginxFile } from '../../../server/src/nginx/ast';
import { parseNginx } from '../../../server/src/nginx/parser';
import { checkInvariants } from './parse-helpers';

interface Verdicts {
  nginx: string;
  prefix: string;
  suffix: string;
  cases: Array<{ input: string; accepted: boolean; nginx: string | null }>;
}

const verdicts: Verdicts = JSON.parse(readFileSync(new URL('./parse-verdicts.json', import.meta.url), 'utf8'));

const names = (ds: Directive[]) => ds.map((d) => d.name).join(' ');

/**
 * Whether nginx would accept the parsed wrapper: no syntax error, and the input stayed inside
 * `types` as plain statements (a block there, or a `}` that closes `types` early, nginx rejects).
 */
function accepts(file: NginxFile): boolean {
  if (file.errors.length > 0) return false;
  const top = directivesOf(file);
  if (names(top) !== 'pid error_log events http') return false;
  const inHttp = directivesOf(top[3]);
  if (names(inHttp) !== 'access_log types') return false;
  return directivesOf(inHttp[1]).every((d) => d.terminator === ';');
}

test(`the parser accepts exactly what ${verdicts.nginx.replace('nginx version: ', '')} accepts (${verdicts.cases.length} recorded random inputs)`, () => {
  assert.ok(verdicts.cases.length >= 500);
  const accepted = verdicts.cases.filter((c) => c.accepted).length;
  assert.ok(accepted >= 100 && accepted <= verdicts.cases.length - 100, 'both verdicts are represented');
  const mismatches: string[] = [];
  for (const c of verdicts.cases) {
    const file = parseNginx(verdicts.prefix + c.input + verdicts.suffix);
    checkInvariants(file);
    if (accepts(file) !== c.accepted) {
      mismatches.push(`${JSON.stringify(c.input)}: nginx ${c.accepted ? 'accepts' : `says ${c.nginx}`}, parser: ${file.errors.map((e) => e.code).join(', ') || 'no error'}`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test('where nginx reports a character after a closing quote, so does the parser', () => {
  // nginx's `unexpected "x"` for a character glued to a closing quote is the parser's
  // nginx-unexpected-character (unless nginx stopped earlier for another reason).
  let checked = 0;
  for (const c of verdicts.cases) {
    const m = /^unexpected "(.)"$/.exec(c.nginx ?? '');
    if (!m || '{};'.includes(m[1])) continue;
    const file = parseNginx(verdicts.prefix + c.input + verdicts.suffix);
    assert.ok(file.errors.some((e) => e.code === 'nginx-unexpected-character'), `${JSON.stringify(c.input)}: nginx says ${c.nginx}`);
    checked++;
  }
  assert.ok(checked >= 50, `${checked} cases`);
});
