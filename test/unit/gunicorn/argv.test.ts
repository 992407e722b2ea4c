import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgv } from '../../../server/src/gunicorn/argv';
import { plainWord, type Word } from '../../../server/src/gunicorn/words';

/** Words of a command line split on single spaces, with their offsets in the line. */
function words(line: string): Word[] {
  const out: Word[] = [];
  let at = 0;
  for (const w of line.split(' ')) {
    if (w) out.push(plainWord('/cmd', w, at));
    at += w.length + 1;
  }
  return out;
}

/** A compact view: `name=value` per option, `@app` positionals, `!code:word` errors. */
function view(line: string, version?: string): string[] {
  const p = parseArgv(words(line), version);
  return [
    ...p.options.map((o) => `${o.spec.name}=${o.value}`),
    ...p.positionals.map((w) => `@${w.value}`),
    ...p.errors.map((e) => `!${e.code}:${e.word.value}`),
  ];
}

// argparse with allow_abbrev (Python 3.11), as gunicorn 20.1.0 builds it (DEPLOY-FACTS §1.3).
const rows: Array<[string, string[], string?]> = [
  ['--bind=0:5000 app:app', ['bind=0:5000', '@app:app']],
  ['-b0:5000 app:app', ['bind=0:5000', '@app:app']],
  ['-w3 app:app', ['workers=3', '@app:app']],
  ['--workers 3 app:app', ['workers=3', '@app:app']],
  ['--bi 127.0.0.1:1 app:app', ['bind=127.0.0.1:1', '@app:app']],
  ['--wor 3 app:app', ['!ambiguous-option:--wor', '@app:app'], '20.1.0'], // the value every candidate takes is skipped
  ['-b a -b b app', ['bind=a', 'bind=b', '@app']],
  ['app:app -w 2', ['workers=2', '@app:app']],
  ['-w 2 -- app:app', ['workers=2', '@app:app']],
  ['--no-sendfile app', ['sendfile=false', '@app']],
  ['--reload --preload app', ['reload=true', 'preload_app=true', '@app']],
  ['-Dw3 app', ['daemon=true', 'workers=3', '@app']],
  ['--access-logfile - app', ['accesslog=-', '@app']],
  ['-m 007 app', ['umask=007', '@app']],
  ['--max-requests -1 app', ['max_requests=-1', '@app']],
  ['--bnd x app', ['!unknown-option:--bnd', '@x', '@app']],
  ['-w', ['!missing-value:-w']],
  ['-w --reload app', ['reload=true', '!missing-value:-w', '@app']],
  ['--reload=yes app', ['!unexpected-value:--reload=yes', '@app']],
  ['a1 -w 2 a2', ['workers=2', '@a1', '!extra-argument:a2']],
  ['a1 a2 -w 2', ['workers=2', '@a1', '@a2']],
  ['-e A=1 --env=B=2 app', ['raw_env=A=1', 'raw_env=B=2', '@app']],
  ['-c conf.py', ['config=conf.py']],
  ['--proxy-protocol app', ['proxy_protocol=true', '@app'], '20.1.0'],
  ['--proxy-protocol v2 app', ['proxy_protocol=v2', '@app'], '26.1.0'],
  ['--log-config-json x.json app', ['!unknown-option:--log-config-json', '@x.json', '@app'], '20.1.0'],
  ['--version', []],
];

test('argparse rules', () => {
  for (const [line, expected, version] of rows) {
    assert.deepEqual(view(line, version).sort(), [...expected].sort(), `${line} (${version ?? 'latest'})`);
  }
});

test('value ranges: the part after = or after the short flag', () => {
  const p = parseArgv(words('--bind=unix:/x.sock -w3 app'));
  const bind = p.options[0].valueWord;
  assert.deepEqual([bind.start, bind.end, bind.value], [7, 19, 'unix:/x.sock']);
  const w = p.options[1].valueWord;
  assert.deepEqual([w.start, w.end, w.value], [22, 23, '3']);
  assert.equal(parseArgv(words('--version')).exitsEarly?.value, '--version');
});
