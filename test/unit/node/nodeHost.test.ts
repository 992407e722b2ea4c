// The disk host the CLI and the server read through: every kind of path a workspace can hold gives
// text or undefined, never a throw and never a wait (a FIFO once could have blocked a read forever).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { MAX_FILE_BYTES } from '../../../server/src/common/host';
import { createCachedHost } from '../../../server/src/common/cachedHost';

test('NodeHost: files, folders, FIFOs, missing and oversized paths, symlinks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-nodehost-'));
  try {
    const host = new NodeHost();
    writeFileSync(join(dir, 'a.conf'), 'server { listen 80; } # é\n');
    mkdirSync(join(dir, 'sub'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    writeFileSync(join(dir, 'big'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x61));
    symlinkSync(join(dir, 'a.conf'), join(dir, 'link.conf'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));

    assert.equal(host.readFile(join(dir, 'a.conf')), 'server { listen 80; } # é\n');
    assert.equal(host.readFile(join(dir, 'link.conf')), 'server { listen 80; } # é\n');
    assert.equal(host.readFile(join(dir, 'sub')), undefined);
    assert.equal(host.readFile(join(dir, 'fifo')), undefined, 'a FIFO is not read (and the read does not wait for a writer)');
    assert.equal(host.readFile(join(dir, 'missing')), undefined);
    assert.equal(host.readFile(join(dir, 'dangling')), undefined);
    assert.equal(host.readFile(join(dir, 'big')), undefined, 'over the size limit');
    assert.deepEqual(host.stat(join(dir, 'big')), { type: 'file', size: MAX_FILE_BYTES + 1 }, 'a stat tells why');
    assert.equal(host.stat(join(dir, 'fifo'))?.type, 'other');
    assert.equal(host.realpath(join(dir, 'link.conf')), host.realpath(join(dir, 'a.conf')));
    assert.equal(host.realpath(join(dir, 'dangling')), join(dir, 'dangling'), 'an unresolvable path is kept as given');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the CLI host (cache without expiry) reads a file once and forgets it when told (a --fix rewrite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-nodehost-'));
  try {
    const file = join(dir, 'site.conf');
    writeFileSync(file, 'one');
    const host = createCachedHost(new NodeHost(), Number.POSITIVE_INFINITY);
    assert.equal(host.readFile(file), 'one');
    writeFileSync(file, 'two');
    assert.equal(host.readFile(file), 'one', 'cached for the run');
    host.invalidate(file);
    assert.equal(host.readFile(file), 'two');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
