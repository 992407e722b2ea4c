// What the systemd unit grammar must scope: [source, token text, scope it must (or with '!', must
// not) carry, occurrence].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './textmate';

type Row = [source: string, token: string, scope: string, occurrence?: number];

const rows: Row[] = [
  ['[Service]', 'Service', 'entity.name.section.group-title.systemd'],
  ['[Service]', '[', 'punctuation.definition.section.begin.systemd'],
  ['User=www-data', 'User', 'keyword.other.definition.systemd'],
  ['User = www-data', '=', 'keyword.operator.assignment.systemd'],
  ['# comment', ' comment', 'comment.line.number-sign.systemd'],
  ['; comment', ' comment', 'comment.line.semicolon.systemd'],
  ['  # indented comment', ' indented comment', 'comment.line.number-sign.systemd'],
  // `#` after a value is part of the value
  ['Description=a # b', 'a # b', '!comment.line.number-sign.systemd'],
  // specifiers and variables
  ['WorkingDirectory=%h/app', '%h', 'constant.other.placeholder.specifier.systemd'],
  ['Description=100%% sure', '%%', 'constant.other.placeholder.specifier.systemd'],
  ['ExecStart=/bin/app $OPTS', 'OPTS', 'variable.other.systemd'],
  ['ExecStart=/bin/app ${OPTS}', '${', 'punctuation.definition.variable.begin.systemd'],
  ['ExecStart=/bin/app $$HOME', '$$', 'constant.character.escape.dollar.systemd'],
  ['ExecStart=/bin/app "a $X b"', 'X', 'variable.other.systemd'],
  ['ExecStart=/bin/app "a\\tb"', '\\t', 'constant.character.escape.systemd'],
  ["ExecStart=/bin/app 'a b'", 'a b', 'string.quoted.single.systemd'],
  // ExecStart prefixes, executable, options
  ['ExecStart=-/usr/bin/gunicorn app:app', '-', 'keyword.operator.prefix.systemd'],
  ['ExecStartPre=+-/bin/mkdir -p /run/x', '+-', 'keyword.operator.prefix.systemd'],
  ['ExecStart=!!/bin/x', '!!', 'keyword.operator.prefix.systemd'],
  ['ExecStart=@/bin/x name', '@', 'keyword.operator.prefix.systemd'],
  ['ExecStart=-/usr/bin/gunicorn app:app', '/usr/bin/gunicorn', 'entity.name.function.executable.systemd'],
  ['ExecStart=/usr/bin/gunicorn --bind unix:/run/g.sock app', '--bind', 'variable.parameter.option.systemd'],
  ['ExecStart=/usr/bin/gunicorn --workers=3 app', '--workers', 'variable.parameter.option.systemd'],
  ['ExecStart=/usr/bin/gunicorn --workers=3 app', '3', 'constant.numeric.systemd'],
  ['Environment=-x', '-x', '!keyword.operator.prefix.systemd'],
  // continuations, with comment lines skipped inside them
  ['ExecStart=/bin/app \\\n  --flag \\\n# skipped\n  last\nUser=x', '--flag', 'variable.parameter.option.systemd'],
  ['ExecStart=/bin/app \\\n  --flag \\\n# skipped\n  --last\nUser=x', '--last', 'variable.parameter.option.systemd'],
  ['ExecStart=/bin/app \\\n  --flag \\\n# skipped\n  --last\nUser=x', 'User', 'keyword.other.definition.systemd'],
  ['ExecStart=/bin/app \\\n  --flag', '\\', 'constant.character.escape.line-continuation.systemd'],
  ['Description=a\nUser=x', 'User', 'keyword.other.definition.systemd'],
  // an empty value (which resets a list) ends at the end of its line
  ['ExecStop=\nUser=x', 'User', 'keyword.other.definition.systemd'],
  ['Environment=\nUser=x', 'User', 'keyword.other.definition.systemd'],
  // values
  ['PrivateTmp=true', 'true', 'constant.language.boolean.systemd'],
  ['NoNewPrivileges=yes', 'yes', 'constant.language.boolean.systemd'],
  ['Restart=on-failure', 'on-failure', '!constant.language.boolean.systemd'],
  ['TimeoutStopSec=5', '5', 'constant.numeric.systemd'],
  ['RestartSec=100ms', 'ms', 'keyword.other.unit.systemd'],
  ['MemoryMax=512M', 'M', 'keyword.other.unit.systemd'],
  ['SocketMode=0660', '0660', 'constant.numeric.systemd'],
];

test('systemd unit grammar scopes (table)', async () => {
  const failures: string[] = [];
  for (const [source, token, scope, occurrence = 0] of rows) {
    const t = await tokenize('source.systemd', source);
    const scopes = t.lines.flat().filter((x) => x.text.trim() === token.trim())[occurrence]?.scopes;
    const negate = scope.startsWith('!');
    const name = negate ? scope.slice(1) : scope;
    if (!scopes) {
      failures.push(`${JSON.stringify(source)}: no token ${JSON.stringify(token)}`);
      continue;
    }
    if (scopes.includes(name) === negate) failures.push(`${JSON.stringify(source)}: ${JSON.stringify(token)} ${negate ? 'has' : 'lacks'} ${name} (got ${scopes.slice(1).join(' ')})`);
  }
  assert.deepEqual(failures, []);
});
