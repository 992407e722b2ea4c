// package.json contributes.languages/grammars/snippets and the language configurations: which
// files open as nginx or systemd, that every contributed file exists and fits, and how the editor
// will pick words, indent and fold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { repoRoot } from './textmate';

const manifest = JSON.parse(readFileSync(new URL('package.json', repoRoot), 'utf8'));
const { languages, grammars, snippets } = manifest.contributes;
const lang = (id: string) => languages.find((l: { id: string }) => l.id === id);
const readJson = (rel: string) => JSON.parse(readFileSync(new URL(rel, repoRoot), 'utf8'));

/** Glob semantics VS Code uses for filenamePatterns: `**` spans directories, `*` does not. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('/**', i) && i + 3 === glob.length) {
      re += '/.*';
      i += 2;
    } else if (glob[i] === '*') re += '[^/]*';
    else re += glob[i].replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The language VS Code would pick for a path from our contributions (null: not ours). */
function languageOf(path: string): string | null {
  for (const l of languages) {
    if ((l.filenames ?? []).includes(basename(path))) return l.id;
    if ((l.extensions ?? []).some((e: string) => basename(path).endsWith(e))) return l.id;
    if ((l.filenamePatterns ?? []).some((g: string) => globToRegExp(g).test(path))) return l.id;
  }
  return null;
}

test('which files open as nginx, systemd-unit or Procfile', () => {
  const table: Array<[string, string | null]> = [
    ['/etc/nginx/nginx.conf', 'nginx'],
    ['/etc/nginx/sites-available/myproject', 'nginx'],
    ['/etc/nginx/sites-enabled/default', 'nginx'],
    ['/etc/nginx/conf.d/gzip.conf', 'nginx'],
    ['/etc/nginx/snippets/fastcgi-php.conf', 'nginx'],
    ['/etc/nginx/mime.types', 'nginx'],
    ['/home/u/proj/deploy/nginx/site.conf', 'nginx'],
    ['/home/u/proj/deploy/nginx/sites-available/myproject', 'nginx'],
    ['/home/u/proj/nginx/conf/app.conf', 'nginx'],
    ['/home/u/proj/proxy_params', 'nginx'],
    ['/home/u/proj/uwsgi_params', 'nginx'],
    ['/home/u/proj/site.nginx', 'nginx'],
    ['/home/u/proj/site.nginxconf', 'nginx'],
    ['/home/u/proj/nginx.conf', 'nginx'],
    // `.conf` alone is not claimed: many other tools use it
    ['/home/u/proj/supervisor.conf', null],
    ['/etc/ld.so.conf', null],
    ['/home/u/proj/deploy/gunicorn.service', 'systemd-unit'],
    ['/etc/systemd/system/gunicorn.socket', 'systemd-unit'],
    ['/etc/systemd/system/backup.timer', 'systemd-unit'],
    ['/etc/systemd/system/gunicorn.service.d/override.conf', 'systemd-unit'],
    ['/home/u/proj/Procfile', 'procfile'],
    ['/home/u/proj/gunicorn.conf.py', null],
  ];
  for (const [path, expected] of table) assert.equal(languageOf(path), expected, path);
});

test('nginx language: the id other nginx extensions use, aliases, no global .conf', () => {
  const nginx = lang('nginx');
  assert.deepEqual(nginx.aliases, ['NGINX', 'nginx']);
  assert.ok(!nginx.extensions.includes('.conf'));
  for (const f of ['nginx.conf', 'proxy_params', 'fastcgi_params', 'uwsgi_params', 'scgi_params', 'mime.types']) assert.ok(nginx.filenames.includes(f), f);
});

test('every contributed grammar, configuration and snippet file exists and fits', () => {
  for (const l of languages) if (l.configuration) assert.ok(existsSync(new URL(l.configuration, repoRoot)), l.configuration);
  const ids = new Set(languages.map((l: { id: string }) => l.id));
  for (const g of grammars) {
    assert.ok(ids.has(g.language), g.language);
    assert.equal(readJson(g.path).scopeName, g.scopeName, g.path);
  }
  // The Lua embedding: the scope VS Code maps to the lua language is the one the grammar emits.
  const nginxGrammar = grammars.find((g: { language: string }) => g.language === 'nginx');
  assert.deepEqual(nginxGrammar.embeddedLanguages, { 'meta.embedded.block.lua': 'lua' });
  assert.match(readFileSync(new URL(nginxGrammar.path, repoRoot), 'utf8'), /"contentName": "meta\.embedded\.block\.lua source\.lua"/);
  // Snippets go to our languages or VS Code's built-in python; VS Code has no Procfile language,
  // so we declare `procfile` (the id of the popular Procfile extension, so the two merge).
  const builtIn = new Set(['python']);
  for (const s of snippets) {
    assert.ok(ids.has(s.language) || builtIn.has(s.language), s.language);
    assert.ok(existsSync(new URL(s.path, repoRoot)), s.path);
  }
  assert.deepEqual(snippets.map((s: { language: string }) => s.language).sort(), ['nginx', 'procfile', 'python', 'systemd-unit']);
});

const nginxConfig = readJson('language-configuration.json');
const systemdConfig = readJson('language-configuration-systemd.json');

/** The word VS Code selects at `offset` (the wordPattern match that contains it). */
function wordAt(pattern: string, line: string, offset: number): string | undefined {
  for (const m of line.matchAll(new RegExp(pattern, 'g'))) {
    if (m.index! <= offset && offset <= m.index! + m[0].length && m[0]) return m[0];
  }
  return undefined;
}

test('nginx word pattern keeps $var, ${var}, directive names and sizes whole', () => {
  const table: Array<[string, number, string | undefined]> = [
    ['    proxy_pass http://app;', 8, 'proxy_pass'],
    ['    proxy_set_header Host $host;', 27, '$host'],
    ['    proxy_set_header Host $host;', 26, '$host'],
    ['    set $a "${request_uri}x";', 16, '${request_uri}'],
    ['    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', 24, 'X-Forwarded-For'],
    ['    client_max_body_size 10m;', 26, '10m'],
    ['    include proxy_params;', 15, 'proxy_params'],
  ];
  for (const [line, offset, word] of table) assert.equal(wordAt(nginxConfig.wordPattern, line, offset), word, `${line} @${offset}`);
});

test('nginx indentation: indent after an opening `{`, outdent on `}`', () => {
  const increase = new RegExp(nginxConfig.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(nginxConfig.indentationRules.decreaseIndentPattern);
  const table: Array<[string, boolean]> = [
    ['server {', true],
    ['    location /static/ {', true],
    ['    location / { # to gunicorn', true],
    ['    location ~ "\\.php$" {', true],
    ['    if ($request_uri ~ "{") {', true],
    ['    location = /favicon.ico { access_log off; }', false],
    ['    # server {', false],
    ['    add_header X "{";', false],
    ['    proxy_pass http://app;', false],
  ];
  for (const [line, expected] of table) assert.equal(increase.test(line), expected, line);
  assert.ok(decrease.test('}') && decrease.test('    } # end of server'));
  assert.ok(!decrease.test('    location / { proxy_pass x; }') && !decrease.test('listen 80;'));
});

test('language configurations: comments, brackets, quotes, folding markers', () => {
  for (const config of [nginxConfig, systemdConfig]) {
    assert.equal(config.comments.lineComment, '#');
    const opens = config.autoClosingPairs.map((p: { open: string }) => p.open);
    assert.ok(opens.includes('"') && opens.includes("'"));
    const quote = config.autoClosingPairs.find((p: { open: string }) => p.open === '"');
    assert.deepEqual(quote.notIn, ['string', 'comment']);
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    assert.ok(start.test('# region upstreams') && end.test('# endregion') && !start.test('# regional settings'));
  }
  assert.deepEqual(nginxConfig.brackets, [['{', '}'], ['(', ')'], ['[', ']']]);
  assert.equal(wordAt(systemdConfig.wordPattern, 'WorkingDirectory=%h/app', 18), '%h');
  assert.equal(wordAt(systemdConfig.wordPattern, 'ExecReload=/bin/kill -s HUP $MAINPID', 30), '$MAINPID');
  assert.equal(wordAt(systemdConfig.wordPattern, 'ExecStart=/usr/bin/gunicorn', 3), 'ExecStart');
});
