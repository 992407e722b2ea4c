/**
 * Carries out an nginx -t plan (plan.ts) with Node: writes the wrapper in a fresh temp folder, links
 * the system's include files, runs nginx with a timeout, parses what it said, and removes the folder.
 * No `vscode` import, so the integration test runs it against the real nginx.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseNginxTestOutput, planNginxTest, type NginxMessage } from './plan';

/** Where nginx is looked for: Debian's path first, then PATH. */
export function findNginx(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin', ...(env.PATH ?? '').split(':').filter(Boolean)];
  return dirs.map((d) => join(d, 'nginx')).find((p) => existsSync(p));
}

/** The outcome of one run. */
export interface NginxTestResult {
  ok: boolean;
  messages: NginxMessage[];
  /** The command line, for the log. */
  command: string;
  stderr: string;
  /** Set when nothing was run (e.g. an unsaved main file). */
  refused?: string;
}

const TIMEOUT_MS = 15_000;

/** Tests one file (text may be unsaved) with the nginx binary at `nginx`. */
export async function runNginxTest(nginx: string, file: string, text: string, dirty: boolean, systemDir = '/etc/nginx'): Promise<NginxTestResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'deploylens-nginx-t-'));
  try {
    const systemEntries = existsSync(systemDir) ? readdirSync(systemDir) : [];
    const plan = planNginxTest({ file, text, dirty, tmp, systemDir, systemEntries });
    if ('refused' in plan) return { ok: false, messages: [], command: '', stderr: '', refused: plan.refused };
    for (const w of plan.writes) {
      mkdirSync(dirname(w.path), { recursive: true });
      writeFileSync(w.path, w.content);
    }
    for (const l of plan.links) symlinkSync(l.target, l.path);
    const { status, stderr } = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(nginx, plan.args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
      child.on('error', (e) => {
        clearTimeout(timer);
        resolve({ status: null, stderr: `nginx: [emerg] could not run ${nginx}: ${e.message}` });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ status: code, stderr: err });
      });
    });
    return { ok: status === 0, messages: parseNginxTestOutput(stderr, plan.pathMap), command: `${nginx} ${plan.args.join(' ')}`, stderr };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
