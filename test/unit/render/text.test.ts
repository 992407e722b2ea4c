import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDot, toMermaid } from '../../../shared/src/render/text';
import { escapeDot, escapeMermaid } from '../../../shared/src/render/escape';
import { chainGraph, XSS } from './graphs';

test('DOT: one node per graph node with status colour, ranks per column, dashed red broken edges', () => {
  const dot = toDot(chainGraph());
  assert.match(dot, /^digraph deployment \{\n {2}rankdir=LR;/);
  assert.equal([...dot.matchAll(/^ {2}n\d+ \[label=/gm)].length, chainGraph().nodes.length);
  assert.match(dot, /n\d+ -> n\d+ \[color="#e51400", style=dashed, penwidth=2, label="proxy_pass \[broken\]"\];/);
  assert.match(dot, /\{ rank=same; n4; n5; n6; \}/, 'the three locations share a rank');
  assert.match(dot, /label="WSGI target\\npybo:create_app\(\)"/);
});

test('DOT escaping: quotes and backslashes cannot end the string; newlines become \\n', () => {
  const cases: Array<[string, string]> = [
    ['a"b', 'a\\"b'],
    ['c:\\path', 'c:\\\\path'],
    ['x\\"];evil', 'x\\\\\\"];evil'],
    ['two\nlines', 'two\\nlines'],
    [XSS, XSS],
  ];
  for (const [input, want] of cases) assert.equal(escapeDot(input), want, JSON.stringify(input));
  const g = chainGraph('evil"];\n  x -> y [label="');
  const dot = toDot(g);
  assert.ok(!/^ {2}x -> y/m.test(dot), 'no injected statement');
  assert.ok(dot.includes('server evil\\"];\\n  x -> y [label=\\"'));
});

test('Mermaid: flowchart LR, labels as entity codes, broken edges dotted and styled, status classes', () => {
  const md = toMermaid(chainGraph(XSS));
  assert.match(md, /^flowchart LR\n/);
  assert.ok(!md.includes('<img'), 'no raw markup (Mermaid renders labels as HTML)');
  assert.ok(md.includes('#60;img src=x onerror=alert(1)#62;'));
  assert.match(md, /n\d+ -\.->\|"proxy_pass \[broken\]"\| n\d+/);
  assert.match(md, /linkStyle \d+ stroke:#e51400/);
  assert.match(md, /class n0,n1,[n\d,]+ st_ok/);
  const cases: Array<[string, string]> = [
    ['say "hi"', 'say #34;hi#34;'],
    ['a#b', 'a#35;b'],
    ['`md`', '#96;md#96;'],
    ['a & b', 'a #38; b'],
    ['x\ny', 'x y'],
  ];
  for (const [input, want] of cases) assert.equal(escapeMermaid(input), want);
});
