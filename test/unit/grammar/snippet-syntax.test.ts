// The test-side snippet expander against VS Code's documented snippet semantics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choiceCombinations, expandSnippet, parseSnippet, type ExpandOptions } from './snippetSyntax';

type Row = [body: string, opts: ExpandOptions, text: string, unknown?: string[]];

const rows: Row[] = [
  ['plain text', {}, 'plain text'],
  ['a $1 b', {}, 'a  b'],
  ['a ${1} b$0', {}, 'a  b'],
  ['${1:foo} and $1', {}, 'foo and foo'],
  ['$1 mirrors ${1:foo}', {}, 'foo mirrors foo'],
  ['${1:first} ${1:second}', {}, 'first second'],
  ['${2:a ${1:b} c} $1', {}, 'a b c b'],
  ['${1:foo} $1', { values: { 1: 'bar' } }, 'bar bar'],
  ['${1|a,b,c|}', {}, 'a'],
  ['${1|a,b,c|} $1', { choices: { 1: 2 } }, 'c c'],
  ['${1|a,b,c|} $1', { values: { 1: 'typed' } }, 'typed typed'],
  ['${1|a\\,b,c\\|d|}', {}, 'a,b'],
  ['${1|a\\,b,c\\|d|}', { choices: { 1: 1 } }, 'c|d'],
  // escapes: \$ \} \\ ; any other backslash is literal
  ['\\$host', {}, '$host'],
  ['${1:a\\}b}', {}, 'a}b'],
  ['a\\\\b', {}, 'a\\b'],
  ['line \\\\', {}, 'line \\'],
  ['\\n\\t\\x', {}, '\\n\\t\\x'],
  ['}', {}, '}'],
  // a `$` that starts nothing is text
  ['cost: $ 5', {}, 'cost: $ 5'],
  ['${ x', {}, '${ x'],
  ['end$', {}, 'end$'],
  // variables: value, default when empty/unknown, name when unknown without default
  ['$TM_FILENAME_BASE', { variables: { TM_FILENAME_BASE: 'app' } }, 'app'],
  ['${TM_FILENAME_BASE}.socket', { variables: { TM_FILENAME_BASE: 'app' } }, 'app.socket'],
  ['${TM_FILENAME_BASE:gunicorn}', {}, 'gunicorn'],
  ['${TM_FILENAME_BASE:gunicorn}', { variables: { TM_FILENAME_BASE: '' } }, 'gunicorn'],
  ['${1:${TM_FILENAME_BASE:x}} $1.socket', { variables: { TM_FILENAME_BASE: 'web' } }, 'web web.socket'],
  ['proxy_set_header Host $host;', {}, 'proxy_set_header Host host;', ['host']],
  ['${host}', {}, 'host', ['host']],
];

test('snippet expansion follows VS Code snippet syntax (table)', () => {
  for (const [body, opts, text, unknown = []] of rows) {
    const r = expandSnippet(body, opts);
    assert.equal(r.text, text, JSON.stringify(body));
    assert.deepEqual(r.unknownVariables, unknown, JSON.stringify(body));
    assert.deepEqual(r.errors, [], JSON.stringify(body));
  }
});

test('malformed snippets are reported, not guessed', () => {
  for (const body of ['${1:unclosed', '${1|a,b', '${1/(.*)/$1/}', '${TM_FILENAME/(.*)/x/}']) {
    assert.notDeepEqual(parseSnippet(body).errors, [], body);
  }
});

test('tabstops and choices are collected; every choice combination is enumerated', () => {
  const r = expandSnippet(['${1:a} ${2|x,y|}', '${3|p,q,r|} $0']);
  assert.deepEqual(r.tabstops, [0, 1, 2, 3]);
  assert.deepEqual([...r.choices.keys()], [2, 3]);
  assert.equal(choiceCombinations(['${1:a} ${2|x,y|}', '${3|p,q,r|} $0']).length, 6);
  assert.deepEqual(choiceCombinations('no choices'), [{}]);
});
