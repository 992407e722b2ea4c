// Hostile input: each case must end in a finding or a clear message, never a crash, and within
// the stated time (generous for a 2-core CI machine; typical runs are 10-50x faster).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileStat } from '../../../server/src/common/host';
import { MAX_FILE_BYTES } from '../../../server/src/common/host';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { checkNginx, loadNginxConfig, MAX_INCLUDED_FILES } from '../../../server/src/nginx/index';

/** Runs `fn`, asserting it takes less than `ms`. */
function within<T>(ms: number, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  const took = performance.now() - t0;
  assert.ok(took < ms, `took ${Math.round(took)} ms, bound ${ms} ms`);
  return out;
}

const codes = (fs: Array<{ code: string; severity: string }>) => [...new Set(fs.map((f) => `${f.code}:${f.severity}`))];

test('a binary file (PNG bytes with NULs) as the entry and as an include: one finding each, nothing parsed (< 1 s)', () => {
  const png = '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' + '\0'.repeat(2000) + '{{{;;;}}}';
  const host = new MemoryHost({ '/ws/logo.png': png, '/ws/nginx.conf': 'events {}\nhttp { include logo.png; }' });
  within(1000, () => {
    assert.deepEqual(codes(checkNginx(loadNginxConfig(host, '/ws/logo.png'))), ['nginx-binary-file:error']);
    const findings = checkNginx(loadNginxConfig(host, '/ws/nginx.conf'));
    assert.deepEqual(codes(findings), ['nginx-binary-file:error']);
    assert.match(findings[0].message, /is a binary file \(it contains NUL bytes\)/);
  });
});

test('a 50 MB file is refused from its size, without being read (< 1 s)', () => {
  class HugeHost extends MemoryHost {
    override stat(p: string): FileStat | undefined {
      return p === '/ws/huge.conf' ? { type: 'file', size: 50 * 1024 * 1024 } : super.stat(p);
    }
    override readFile(p: string): string | undefined {
      if (p === '/ws/huge.conf') throw new Error('the huge file must not be read');
      return super.readFile(p);
    }
  }
  const host = new HugeHost({ '/ws/nginx.conf': 'events {}\nhttp { include huge.conf; }' });
  within(1000, () => {
    const findings = checkNginx(loadNginxConfig(host, '/ws/nginx.conf'));
    assert.deepEqual(codes(findings), ['nginx-file-too-large:warning']);
    assert.match(findings[0].message, /is 50 MB, over the 16 MB limit; it was not checked/);
    assert.deepEqual(codes(checkNginx(loadNginxConfig(host, '/ws/huge.conf'))), ['nginx-file-too-large:warning']);
  });
});

test('a real file just over the limit, held in memory, is refused too (< 3 s)', () => {
  const big = 'gzip on;\n'.repeat(Math.ceil((MAX_FILE_BYTES + 1) / 9));
  const host = new MemoryHost({ '/ws/big.conf': big });
  within(3000, () => assert.deepEqual(codes(checkNginx(loadNginxConfig(host, '/ws/big.conf'))), ['nginx-file-too-large:warning']));
});

test('a file of one million "{" ends in parse errors, linear time (< 5 s)', () => {
  const host = new MemoryHost({ '/ws/braces.conf': '{'.repeat(1_000_000) });
  const findings = within(5000, () => checkNginx(loadNginxConfig(host, '/ws/braces.conf')));
  assert.ok(findings.length > 0 && findings.length <= 200, `${findings.length} findings`);
  assert.ok(findings.every((f) => f.severity === 'error'));
});

test('one million "{" after a directive name: nesting is capped, still linear (< 5 s)', () => {
  const host = new MemoryHost({ '/ws/nested.conf': 'location {'.repeat(200_000) });
  const findings = within(5000, () => checkNginx(loadNginxConfig(host, '/ws/nested.conf')));
  assert.ok(findings.some((f) => f.code === 'nginx-nesting-too-deep'), codes(findings).join());
});

test('an include cycle across three files: reported once, loading and checking end (< 1 s)', () => {
  const host = new MemoryHost({
    '/ws/nginx.conf': 'events {}\nhttp { include a.conf; }',
    '/ws/a.conf': 'server { include b.conf; }',
    '/ws/b.conf': 'location / { include c.conf; }',
    '/ws/c.conf': 'include a.conf;',
  });
  const findings = within(1000, () => checkNginx(loadNginxConfig(host, '/ws/nginx.conf')));
  assert.deepEqual(codes(findings), ['nginx-include-cycle:error']);
  assert.equal(findings.length, 1);
});

test(`a mask matching 5000 files: the first ${MAX_INCLUDED_FILES} are checked, one warning says so (< 10 s)`, () => {
  const files: Record<string, string> = { '/ws/nginx.conf': 'events {}\nhttp { include conf.d/*.conf; }' };
  for (let i = 0; i < 5000; i++) files[`/ws/conf.d/site${String(i).padStart(4, '0')}.conf`] = `server { listen ${10000 + i}; server_name s${i}; }`;
  const host = new MemoryHost(files);
  const config = within(10_000, () => loadNginxConfig(host, '/ws/nginx.conf'));
  const findings = within(10_000, () => checkNginx(config));
  assert.deepEqual(codes(findings), ['nginx-include-too-many:warning']);
  assert.equal(findings.length, 1);
  assert.equal(config.files.size, MAX_INCLUDED_FILES + 1);
  assert.match(findings[0].message, /matches more than 1000 files; only the first 1000 were checked/);
});

test('a symlink loop (stat fails) is a finding, not a hang', () => {
  class LoopHost extends MemoryHost {
    override stat(p: string): FileStat | undefined {
      return p === '/ws/loop.conf' ? undefined : super.stat(p);
    }
  }
  const host = new LoopHost({ '/ws/nginx.conf': 'events {}\nhttp { include loop.conf; }' });
  const findings = checkNginx(loadNginxConfig(host, '/ws/nginx.conf'));
  assert.deepEqual(codes(findings), ['nginx-include-missing:error']);
});

test('random bytes never crash the checker', () => {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const alphabet = ' \t\n;{}"\'\\#$abcxyz_/:=~*^@()[]0123456789';
  for (let n = 0; n < 200; n++) {
    let text = '';
    const len = Math.floor(rand() * 300);
    for (let i = 0; i < len; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
    const host = new MemoryHost({ '/ws/nginx.conf': text, '/ws/abc': text });
    for (const f of checkNginx(loadNginxConfig(host, '/ws/nginx.conf'))) {
      assert.ok(f.start >= 0 && f.end >= f.start && f.end <= (host.readFile(f.file) ?? '').length + 1, JSON.stringify(f));
    }
  }
});
