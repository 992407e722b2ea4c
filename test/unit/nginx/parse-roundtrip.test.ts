// Whole-input properties of the parser: the real-world corpus (round trip, no false errors on the
// configs nginx accepts, the syntax errors nginx reports are found), random inputs (no throw, all
// invariants), and a differential test against an independent model of nginx's tokenizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseNginx } from '../../../server/src/nginx/parser';
import { LineIndex } from '../../../server/src/common/text';
import { checkInvariants, nginxOracle, treeEvents } from './parse-helpers';
import { CORPUS_DIR } from '../../helpers/shared';

const CORPUS = CORPUS_DIR;

interface CorpusCase {
  id: string;
  main: string;
  files: string[];
  verdict: 'valid' | 'invalid' | 'env';
  kind: string | null;
  nginx_error: { message: string; file: string | null; line: number | null } | null;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

test('corpus: print(parse(file)) === file and the tree invariants hold, for every corpus file', () => {
  const files = walk(CORPUS);
  assert.ok(files.length > 1000, `corpus has ${files.length} files`);
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    try {
      checkInvariants(parseNginx(text, f));
    } catch (e) {
      assert.fail(`${f}: ${(e as Error).message}`);
    }
  }
});

const cases: CorpusCase[] = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8'));

test('corpus: no syntax error in the main file of any case nginx accepts', () => {
  const valid = cases.filter((c) => c.verdict === 'valid');
  assert.ok(valid.length > 500);
  const failures: string[] = [];
  for (const c of valid) {
    const file = parseNginx(readFileSync(join(CORPUS, c.main), 'utf8'), c.main);
    for (const e of file.errors) failures.push(`${c.main}@${e.start}: ${e.code} ${e.message}`);
  }
  assert.deepEqual(failures, []);
});

test('corpus: the syntax errors nginx reports are found, on or before nginx\'s line', () => {
  const syntax = cases.filter((c) => c.verdict === 'invalid' && /^unexpected|too long/.test(c.nginx_error?.message ?? ''));
  assert.ok(syntax.length >= 2);
  for (const c of syntax) {
    const err = c.nginx_error!;
    const path = join(CORPUS, c.id, err.file!);
    const text = readFileSync(path, 'utf8');
    const file = parseNginx(text, path);
    assert.ok(file.errors.length > 0, `${c.id}: nginx says ${err.message}`);
    const line = new LineIndex(text).humanAt(file.errors[0].start).line;
    // nginx reports where it stops (the `}` after the statement); the parser points at the statement.
    assert.ok(line <= err.line! && line >= err.line! - 2, `${c.id}: error on line ${line}, nginx says line ${err.line}`);
  }
});

test('corpus: cases nginx rejects for other reasons have no syntax error in what nginx read', () => {
  // Duplicates, argument counts, unknown directives...: nginx read every token up to its error, so
  // the parser must find no syntax error there. Only the main file up to nginx's error line is
  // certain to have been read (a case may fail in an include before the rest of the main file).
  const others = cases.filter((c) => c.verdict === 'invalid' && !/^unexpected|too long/.test(c.nginx_error?.message ?? ''));
  let checked = 0;
  for (const c of others) {
    const err = c.nginx_error;
    if (!err?.line || !err.file || join(c.id, err.file) !== c.main) continue;
    const text = readFileSync(join(CORPUS, c.main), 'utf8');
    const index = new LineIndex(text);
    const upTo = index.lineStarts[err.line] ?? text.length;
    const file = parseNginx(text, c.main);
    assert.deepEqual(file.errors.filter((e) => e.start < upTo).map((e) => e.code), [], c.id);
    checked++;
  }
  assert.ok(checked >= 10, `checked ${checked} cases`);
});

// Random inputs, from an alphabet that hits every rule of the tokenizer, plus arbitrary unicode.
const special = fc.constantFrom('{', '}', ';', '#', '"', "'", '\\', '$', '\n', '\r', ' ', 'a', '~', '(', ')', '\t', 'content_by_lua_block', 'map', '[[', ']]', '--', '\ufeff', '\u0000');
const unit = fc.oneof({ weight: 6, arbitrary: special }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) });
const input = fc.array(unit, { maxLength: 80 }).map((parts) => parts.join(''));

test('random inputs: never throws, all invariants hold (3,000 runs, with and without isDirectiveName)', () => {
  fc.assert(
    fc.property(input, fc.boolean(), (text, withOption) => {
      const options = withOption ? { isDirectiveName: (n: string) => n === 'a' || n === 'map' } : {};
      checkInvariants(parseNginx(text, 'r.conf', options));
    }),
    { numRuns: 3000 },
  );
});

// Words and statements only (no Lua, no tables): the inputs on which nginx's reader decides alone.
const plainUnit = fc.constantFrom('{', '}', ';', '#', '"', "'", '\\', '$', '\n', '\r', ' ', 'a', 'b', '(', ')', '\t', 'é', '${', '\\"', '")', '"a" ');
const plainInput = fc.array(plainUnit, { maxLength: 60 }).map((parts) => parts.join(''));

test('differential: where nginx reads a file without error, the parser gives the same statements and no error; where nginx fails, the parser reports an error (5,000 runs)', () => {
  let accepted = 0;
  fc.assert(
    fc.property(plainInput, (text) => {
      const expected = nginxOracle(text);
      const file = parseNginx(text);
      if ('events' in expected) {
        accepted++;
        assert.deepEqual(file.errors, []);
        assert.deepEqual(treeEvents(file), expected.events);
      } else {
        assert.ok(file.errors.length > 0, `nginx: ${expected.error}`);
      }
    }),
    { numRuns: 5000 },
  );
  // The generator must exercise the accepting side too, or the first half above proves nothing.
  assert.ok(accepted > 300, `only ${accepted} accepted inputs`);
});

test('differential: hand-picked inputs agree with the nginx model', () => {
  const inputs = [
    'a b;',
    'a "b"c;',
    'a ${b} {c;}',
    'if ($a = "b") { c; }',
    'a\\;b;',
    'a#b;',
    'a { b; } }',
    '"a" "b" {}',
    "a '\\'';",
    'a b}',
  ];
  for (const text of inputs) {
    const expected = nginxOracle(text);
    const file = parseNginx(text);
    if ('events' in expected) {
      assert.deepEqual(treeEvents(file), expected.events, text);
      assert.deepEqual(file.errors, [], text);
    } else assert.ok(file.errors.length > 0, text);
  }
});
