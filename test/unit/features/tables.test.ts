import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(__dirname, '..', '..', '..');

test('features/nginx/tables.generated.ts is what scripts/gen-lsp-tables.mjs renders (re-run it after upgrading @nginx/reference-lib)', async () => {
  const { renderTables } = (await import(pathToFileURL(join(root, 'scripts', 'gen-lsp-tables.mjs')).href)) as { renderTables(): string };
  assert.equal(readFileSync(join(root, 'server', 'src', 'features', 'nginx', 'tables.generated.ts'), 'utf8'), renderTables());
});

test('syntax literals are told apart from placeholders', async () => {
  const { literalWords } = (await import(pathToFileURL(join(root, 'scripts', 'gen-lsp-tables.mjs')).href)) as { literalWords(lines: string[]): string[] };
  const table: Array<[string[], string[]]> = [
    [['`on` | `off`'], ['on', 'off']],
    [['*`charset`* | `off`'], ['off']],
    [['`1.0` | `1.1` | `2`'], ['1.0', '1.1', '2']],
    [['*`address`* [`default_server`] [`backlog`=*`number`*] [`ipv6only`=`on`|`off`]'], ['default_server', 'backlog=', 'ipv6only=on', 'ipv6only=off']],
    [['*`size`*'], []],
  ];
  for (const [syntax, words] of table) assert.deepEqual(literalWords(syntax), words, syntax[0]);
});
