// Scaffolded deployments on disk for the real tools: an app shape written to a temp folder that
// plays the server path itself (so every alias, WorkingDirectory and -c path in the generated files
// is a real path), a virtualenv whose bin/gunicorn is Debian's, the socket under the temp folder.
// What the generated unit says (ExecStart=, WorkingDirectory=, Environment=) is read back from the
// file, so the tests run exactly what systemd would run.
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { detectApp, scaffold, suggestAnswers, type ScaffoldAnswers, type ScaffoldFile } from '../../../server/src/features/scaffold/index';
import { NodeHost } from '../../../server/src/node/nodeHost';
import type { AppShape } from '../../unit/scaffold/apps';

/** A temp folder every process may enter (nginx workers run as nobody when the tests run as root). */
export function tempBase(prefix: string): { dir: string; cleanup: () => void } {
  // Short and canonical: unix socket paths must fit in 108 bytes, and the files name real paths.
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  chmodSync(dir, 0o755);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A deployment written to disk. */
export interface OnDisk {
  appDir: string;
  files: ScaffoldFile[];
  answers: ScaffoldAnswers;
  /** The unix socket path (also for the port variant, where it is unused). */
  socket: string;
  /** The generated file of a kind. */
  file(kind: ScaffoldFile['kind']): ScaffoldFile;
}

/** Writes `shape` to `<base>/<name>`, scaffolds it with the temp paths as server paths, writes the files. */
export function deployOnDisk(shape: AppShape, base: string, variant: Pick<ScaffoldAnswers, 'bind' | 'https'> & { port?: number }): OnDisk {
  const appDir = join(base, shape.name);
  for (const [rel, text] of Object.entries(shape.files)) {
    mkdirSync(dirname(join(appDir, rel)), { recursive: true });
    writeFileSync(join(appDir, rel), text);
  }
  const venv = join(base, 'venv');
  mkdirSync(join(venv, 'bin'), { recursive: true });
  try {
    symlinkSync('/usr/bin/gunicorn', join(venv, 'bin', 'gunicorn'));
  } catch {
    // Another shape in the same base made it already.
  }
  const socket = join(base, 'run', `${shape.name}.sock`);
  mkdirSync(dirname(socket), { recursive: true });
  const host = new NodeHost();
  const { app, notes } = detectApp(host, appDir);
  if (!app) throw new Error(`${shape.name}: no app detected: ${notes.join('; ')}`);
  const s = suggestAnswers(host, appDir, app);
  const answers: ScaffoldAnswers = { domain: s.domain ?? `${shape.name}.example.com`, serverPath: appDir, venv, socketPath: socket, ...variant };
  const files = scaffold(app, answers, s.layout);
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.text);
  }
  return { appDir, files, answers, socket, file: (kind) => files.find((f) => f.kind === kind)! };
}

/** The value of `Key=` in a unit file (the last one wins, as systemd reads single-valued keys). */
export function unitValue(text: string, key: string): string | undefined {
  const all = [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))];
  return all.length ? all[all.length - 1][1].trim() : undefined;
}

/** ExecStart= split as systemd splits it for the words the scaffold writes (plain words and "double-quoted"). */
export function execStart(service: string): string[] {
  const line = unitValue(service, 'ExecStart') ?? '';
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]));
}

/** `Environment=K=V` entries of a unit. */
export function unitEnv(service: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of service.matchAll(/^Environment=(\w+)=(.*)$/gm)) out[m[1]] = m[2].trim();
  return out;
}
