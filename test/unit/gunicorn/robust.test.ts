/** Broken input is the normal case: every reader returns a result for any text and never throws. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseArgv } from '../../../server/src/gunicorn/argv';
import { parseBind } from '../../../server/src/gunicorn/bind';
import { readDockerfile } from '../../../server/src/gunicorn/readers/dockerfile';
import { readProcfile } from '../../../server/src/gunicorn/readers/procfile';
import { readScript } from '../../../server/src/gunicorn/readers/script';
import { readSupervisor } from '../../../server/src/gunicorn/readers/supervisor';
import { readSocketUnit } from '../../../server/src/gunicorn/readers/systemd';
import { splitWords } from '../../../server/src/gunicorn/shell';
import { parseEnvFile } from '../../../server/src/gunicorn/systemd/environment';
import { parseExecEntry } from '../../../server/src/gunicorn/systemd/exec';
import { parseUnitFile } from '../../../server/src/gunicorn/systemd/unit';
import { plainWord } from '../../../server/src/gunicorn/words';

// Text made of the characters these languages care about, so that the interesting paths are hit.
const alphabet = fc.constantFrom(...' \t\n\\"\'$%{}[]=:;#&|-@+!/.,aZ09_xu()`*'.split(''));
const text = fc.array(alphabet, { maxLength: 120 }).map((a) => a.join(''));
const runs = { numRuns: 400 };

test('systemd parsers never throw, and every word range lies inside the text', () => {
  fc.assert(
    fc.property(text, (t) => {
      const unitText = `[Service]\nExecStart=/bin/g ${t}\nEnvironment=${t}\n`;
      const unit = parseUnitFile(unitText, '/u.service');
      for (const e of unit.entries) {
        const r = parseExecEntry(e, '/u.service', { unitName: 'u@x.service' }, (n) => (n === 'A' ? 'a "b c"' : null));
        for (const c of r.commands) for (const w of [c.program, ...c.args]) assert.ok(w.start >= 0 && w.end <= unitText.length && w.start <= w.end);
      }
      parseEnvFile(t, '/e.env');
      readSocketUnit(`[Socket]\nListenStream=${t}\n`, '/s.socket');
    }),
    runs,
  );
});

test('shell, Procfile, Dockerfile, supervisor and script readers never throw', () => {
  fc.assert(
    fc.property(text, (t) => {
      for (const mode of ['sh', 'shlex'] as const) {
        const r = splitWords(t, '/f', { mode, env: (n) => (n === 'A' ? 'x y' : n === 'B' ? undefined : null) });
        for (const w of r.commands.flat()) assert.ok(w.start >= 0 && w.end <= t.length);
      }
      readProcfile(`web: gunicorn ${t}`, '/Procfile');
      readDockerfile(`FROM x\nENV ${t}\nWORKDIR ${t}\nCMD ${t}\nENTRYPOINT [${t}]\n`, '/Dockerfile');
      readSupervisor(`[program:x]\ncommand=gunicorn ${t}\nenvironment=${t}\n`, '/s.conf');
      readScript(`cd ${t}\nexport ${t}\nexec gunicorn ${t}`, '/run');
    }),
    runs,
  );
});

test('the argv parser and the bind parser never throw', () => {
  fc.assert(
    fc.property(fc.array(text, { maxLength: 8 }), (words) => {
      parseArgv(words.map((w, i) => plainWord('/c', w, i * 200)), '20.1.0');
      parseArgv(words.map((w, i) => plainWord('/c', w, i * 200)));
      for (const w of words) parseBind(w);
    }),
    runs,
  );
});
