import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const repoRoot = join(__dirname, '..', '..');

/** The bundled CLI; `npm test` builds it before the tests run. */
export const cliPath = join(repoRoot, 'dist', 'cli.js');

/** Runs the real bundled CLI as a user would; fails loudly when it was not built. */
export function runCli(args: string[], cwd = repoRoot): { status: number; stdout: string; stderr: string } {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'npm run build' first`);
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
