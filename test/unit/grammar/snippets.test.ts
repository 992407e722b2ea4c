// The snippets we ship: well-formed for VS Code, free of accidental variables, highlighted cleanly
// by our own grammars, and with defaults that agree across files (the socket path nginx proxies to
// is the one the socket unit listens on, and so on). tests/integration/snippets runs the real
// nginx, systemd-analyze and gunicorn on the expansions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getVariables } from '@nginx/reference-lib';
import { expansions, loadSnippets } from './snippetFiles';
import { parseSnippet } from './snippetSyntax';
import { tokenize } from './textmate';

const files = ['nginx.json', 'systemd.json', 'python.json', 'procfile.json'];

// The variables VS Code resolves in snippets (docs: "Snippet syntax" > "Variables").
const vscodeVariables = new Set(
  (
    'TM_SELECTED_TEXT TM_CURRENT_LINE TM_CURRENT_WORD TM_LINE_INDEX TM_LINE_NUMBER TM_FILENAME TM_FILENAME_BASE ' +
    'TM_DIRECTORY TM_FILEPATH RELATIVE_FILEPATH CLIPBOARD WORKSPACE_NAME WORKSPACE_FOLDER CURSOR_INDEX CURSOR_NUMBER ' +
    'CURRENT_YEAR CURRENT_YEAR_SHORT CURRENT_MONTH CURRENT_MONTH_NAME CURRENT_MONTH_NAME_SHORT CURRENT_DATE ' +
    'CURRENT_DAY_NAME CURRENT_DAY_NAME_SHORT CURRENT_HOUR CURRENT_MINUTE CURRENT_SECOND CURRENT_SECONDS_UNIX ' +
    'CURRENT_TIMEZONE_OFFSET RANDOM RANDOM_HEX UUID BLOCK_COMMENT_START BLOCK_COMMENT_END LINE_COMMENT'
  ).split(' '),
);

test('snippet files are well-formed VS Code snippets', () => {
  for (const file of files) {
    const snippets = loadSnippets(file);
    assert.ok(snippets.length > 0, file);
    const prefixes = new Set<string>();
    for (const s of snippets) {
      const where = `${file}: ${s.name}`;
      const list = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
      assert.ok(list.length > 0 && list.every((p) => /^[\w.-]+$/.test(p)), `${where}: prefixes ${JSON.stringify(s.prefix)}`);
      for (const p of list) {
        assert.ok(!prefixes.has(p), `${where}: prefix ${p} used twice`);
        prefixes.add(p);
      }
      assert.ok(Array.isArray(s.body) && s.body.every((l) => typeof l === 'string'), `${where}: body is a list of lines`);
      assert.ok(s.description && s.description.length > 20, `${where}: needs a description`);
      const body = (s.body as string[]).join('\n');
      assert.deepEqual(parseSnippet(body).errors, [], where);
      assert.ok(!/\t/.test(body), `${where}: indent with spaces`);
      assert.ok((s.body as string[]).every((l) => !/\s$/.test(l)), `${where}: trailing whitespace`);
    }
  }
});

test('snippets use only VS Code variables (an unescaped $host would be inserted as "host")', () => {
  for (const file of files) {
    for (const e of expansions(file)) {
      const stray = e.unknownVariables.filter((v) => !vscodeVariables.has(v));
      assert.deepEqual(stray, [], `${file}: ${e.label}: escape these as \\$: ${stray.join(', ')}`);
      assert.deepEqual(e.errors, [], e.label);
    }
  }
});

test('tabstops are numbered 1..n without gaps and end with $0', () => {
  for (const file of files) {
    for (const s of loadSnippets(file)) {
      const e = expansions(file).find((x) => x.snippet.name === s.name)!;
      const numbered = e.tabstops.filter((i) => i > 0);
      assert.deepEqual(numbered, numbered.map((_, i) => i + 1), `${s.name}: tabstops ${e.tabstops}`);
      assert.ok(e.tabstops.includes(0), `${s.name}: ends with $0`);
    }
  }
});

/**
 * nginx variables a config may use: documented ones (with $http_NAME-style families), or defined by
 * a map, set or named regex capture in `text` (all nginx snippets: location-websocket relies on the
 * map of site-websocket, as its description says).
 */
function nginxVariableOk(name: string, text: string): boolean {
  const documented = getVariables().map((v) => v.name.slice(1));
  if (documented.includes(name)) return true;
  if (documented.some((d) => d.endsWith('_NAME') && name.startsWith(d.slice(0, -'NAME'.length)))) return true;
  const defined = new RegExp(`(?:^|\\s)(?:map\\s+\\S+|set)\\s+\\$${name}\\b|\\(\\?P?<${name}>`, 'm');
  return defined.test(text);
}

test('nginx snippets use real nginx variables', () => {
  const all = expansions('nginx.json');
  const everything = all.map((e) => e.text).join('\n');
  for (const e of all) {
    for (const m of e.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
      assert.ok(nginxVariableOk(m[1], everything), `${e.label}: $${m[1]} is not an nginx variable`);
    }
  }
});

test('expanded nginx snippets highlight cleanly: known directives only, nothing illegal, all blocks closed', async () => {
  for (const e of expansions('nginx.json')) {
    const t = await tokenize('source.nginx', e.text);
    const bad = t.lines.flat().filter((tok) => tok.scopes.some((s) => s.startsWith('invalid.') || s.includes('.unknown.')));
    assert.deepEqual(bad.map((b) => b.text), [], e.label);
    assert.equal(t.endDepth, 1, `${e.label}: unbalanced`);
  }
});

test('expanded systemd snippets highlight every line as a section, key or comment', async () => {
  for (const e of expansions('systemd.json', { TM_FILENAME_BASE: 'gunicorn' })) {
    const t = await tokenize('source.systemd', e.text);
    e.text.split('\n').forEach((line, i) => {
      if (!line.trim() || /^\s/.test(line)) return; // blank or a continuation
      const first = t.lines[i].find((tok) => tok.text.trim());
      const ok = first?.scopes.some((s) => /^(keyword\.other\.definition|comment\.line|punctuation\.definition\.section)\./.test(s));
      assert.ok(ok, `${e.label}: line ${i + 1} ${JSON.stringify(line)}`);
    });
    assert.equal(t.endDepth, 1, e.label);
  }
});

/** The distinct first captures of `re` in the expansions of the snippets named like `name` in `file`. */
function grab(file: string, name: RegExp, re: RegExp, variables: Record<string, string> = {}): string[] {
  const found = expansions(file, variables)
    .filter((e) => name.test(e.snippet.name))
    .flatMap((e) => [...e.text.matchAll(new RegExp(re, 'gm'))].map((m) => m[1]));
  return [...new Set(found)];
}

test('snippet defaults agree across files', () => {
  // The unix socket: nginx proxies to it, the socket unit listens on it, gunicorn.conf.py binds it.
  const nginxSockets = grab('nginx.json', /./, /unix:(\/[^\s;:]+)/);
  const listen = grab('systemd.json', /^gunicorn\.socket/, /^ListenStream=(.+)$/);
  const confBind = grab('python.json', /./, /^bind = "unix:(.+)"$/);
  assert.deepEqual(nginxSockets, ['/run/gunicorn.sock']);
  assert.deepEqual(listen, ['/run/gunicorn.sock']);
  assert.deepEqual(confBind, ['/run/gunicorn.sock']);
  // The TCP address: gunicorn's default bind.
  assert.deepEqual(grab('nginx.json', /TCP|upstream/, /(127\.0\.0\.1:8000)/), ['127.0.0.1:8000']);
  assert.deepEqual(grab('python.json', /./, /^bind = "(127\.0\.0\.1:8000)"$/), ['127.0.0.1:8000']);
  // The project directory: nginx serves PROJECT/static/ and PROJECT/media/, systemd runs in PROJECT.
  assert.deepEqual(grab('nginx.json', /./, /alias (\/\S+?)\/(?:static|media)\/;/), ['/srv/myproject']);
  assert.deepEqual(grab('systemd.json', /^gunicorn\.service/, /^WorkingDirectory=(.+)$/), ['/srv/myproject']);
  assert.deepEqual(grab('systemd.json', /^gunicorn\.service/, /^ExecStart=(\/srv\/myproject)\//), ['/srv/myproject']);
  // The WSGI target.
  const target = 'myproject.wsgi:application';
  assert.deepEqual(grab('systemd.json', /^gunicorn\.service/, /^\s+([\w.]+:\w+)$/), [target]);
  assert.deepEqual(grab('python.json', /./, /^wsgi_app = "(.+)"$/), [target]);
  assert.deepEqual(grab('procfile.json', /./, /^web: gunicorn (\S+)/), [target]);
  // The socket belongs to nginx's user (www-data on Debian/Ubuntu).
  assert.deepEqual(grab('systemd.json', /^gunicorn\.socket/, /^SocketUser=(.+)$/), ['www-data']);
});

test('the service and socket units pair by name, following the file name', () => {
  for (const base of ['gunicorn', 'myapp']) {
    assert.deepEqual(grab('systemd.json', /^gunicorn\.service/, /^Requires=(.+)$/, { TM_FILENAME_BASE: base }), [`${base}.socket`]);
    assert.deepEqual(grab('systemd.json', /^gunicorn\.socket/, /^Description=(\S+) socket$/, { TM_FILENAME_BASE: base }), [base]);
  }
  // In an untitled buffer VS Code still resolves TM_FILENAME_BASE; with no value the default applies.
  assert.deepEqual(grab('systemd.json', /^gunicorn\.service/, /^Requires=(.+)$/), ['gunicorn.socket']);
});

test('static locations keep their slashes paired (location /x/ with alias .../x/)', () => {
  for (const e of expansions('nginx.json')) {
    for (const m of e.text.matchAll(/location\s+(\S+)\s*\{\s*alias\s+(\S+);/g)) {
      assert.ok(m[1].endsWith('/') && m[2].endsWith('/'), `${e.label}: location ${m[1]} / alias ${m[2]}`);
    }
  }
});
