/**
 * One process, one server: `deploylens lsp --stdio` and dist/server.js (the VS Code client's
 * process, here over stdio too) answer every request exactly once. The raw bytes on stdout are
 * counted, not what a protocol library makes of them (it drops a second answer to the same id).
 * A second server reading the same stdin once doubled every analysis and the memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../../helpers/cli';
import { SERVER_NODE_FLAGS } from '../../../shared/src/serverProcess';

function frame(message: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Sends initialize, initialized and a request; returns every message the server wrote within `ms`. */
async function exchange(args: string[], ms = 1500): Promise<Array<{ id?: number; method?: string }>> {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.resume();
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } }));
  child.stdin.write(frame({ method: 'initialized', params: {} }));
  child.stdin.write(frame({ id: 2, method: 'deploylens/debug/timings', params: {} }));
  await new Promise((r) => setTimeout(r, ms));
  child.kill('SIGKILL');
  const messages: Array<{ id?: number; method?: string }> = [];
  for (let rest = out; rest.length > 0; ) {
    const m = /^Content-Length: (\d+)\r\n\r\n/.exec(rest);
    if (!m) break;
    const body = Buffer.from(rest.slice(m[0].length), 'utf8').subarray(0, Number(m[1])).toString('utf8');
    messages.push(JSON.parse(body));
    rest = rest.slice(m[0].length + body.length);
  }
  return messages;
}

for (const [name, args] of [
  ['deploylens lsp --stdio', [cliPath, 'lsp', '--stdio']],
  ['dist/server.js --stdio', [join(repoRoot, 'dist', 'server.js'), '--stdio']],
  // As the VS Code client starts it: with its Node flags (a flag this Node rejects ends the process).
  [`dist/server.js ${SERVER_NODE_FLAGS.join(' ')}`, [...SERVER_NODE_FLAGS, join(repoRoot, 'dist', 'server.js'), '--stdio']],
] as const) {
  test(`${name}: one server answers each request once`, async () => {
    const messages = await exchange([...args]);
    const answers = (id: number) => messages.filter((m) => m.id === id && m.method === undefined).length;
    assert.equal(answers(1), 1, `initialize answered ${answers(1)} times`);
    assert.equal(answers(2), 1, `deploylens/debug/timings answered ${answers(2)} times`);
  });
}
