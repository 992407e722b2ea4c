/**
 * `deploylens`: the command-line face of the same core the language server uses.
 *   deploylens check <file-or-dir>... [--format text|json]   findings, like a compiler
 *   deploylens route <config> <url>... [--format text|json]   what nginx does with a request
 *   deploylens gunicorn <workspace> [--format text|json]      effective gunicorn configuration
 *   deploylens graph <workspace> [--format svg|dot|mermaid|json]  the deployment topology picture
 *   deploylens lsp --stdio                                    the language server, for any editor
 * Exit codes: 0 clean, 1 errors found, 2 bad usage or internal failure (one line on stderr).
 */
import { writeFileSync } from 'node:fs';
import { NodeHost } from './node/nodeHost';
import { createCachedHost } from './common/cachedHost';
import type { CliIO } from './cli/io';
import { getOwn } from './common/own';

const usage = `usage: deploylens <command> [options]

commands:
  check <file-or-dir>... [--format text|json|sarif] [--fix] [--max-warnings N] [--rule id=severity]...
                                                report what will break in nginx/gunicorn/app files
  route <nginx-config> <url>... [--address IP] [--format text|json]
                                                which server, location and target nginx picks
  gunicorn <workspace> [--format text|json]     the effective gunicorn configuration of each instance
  graph <workspace> [--format svg|dot|mermaid|json] [--url URL] [--output FILE]
                                                the deployment topology (a URL's way highlighted)
  lsp --stdio                                   run the language server over stdio
  --version, --help`;

type Command = (argv: string[], io: CliIO) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./cli/check')).run,
  route: async () => (await import('./cli/route')).run,
  gunicorn: async () => (await import('./cli/gunicorn')).run,
  graph: async () => (await import('./cli/graph')).run,
  lsp: async () => (await import('./cli/lsp')).run,
};

/** Runs one CLI invocation; returns the exit code. Exported so that tests and scripts run the real CLI in-process. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return 0;
  }
  // Own keys only: `deploylens constructor` is an unknown command, not Object's constructor.
  const load = getOwn(commands, name);
  if (!load) {
    io.err(`deploylens: unknown command '${name}' (try --help)`);
    return 2;
  }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    io.err(`deploylens ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 2;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

if (require.main === module) {
  // Each file is read once per run (loading, fixes, line numbers of the output); a rewrite forgets it.
  const host = createCachedHost(new NodeHost(), Number.POSITIVE_INFINITY);
  // `deploylens check ... | head`: once the reader is gone, the rest of the output is dropped and the
  // command ends with its own exit code (no stack trace about a broken pipe).
  let readerGone = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    readerGone = true;
  });
  const io: CliIO = {
    out: (t) => {
      if (!readerGone) process.stdout.write(t + '\n');
    },
    err: (t) => process.stderr.write(t + '\n'),
    host,
    cwd: process.cwd(),
    writeFile: (path, text) => {
      writeFileSync(path, text);
      host.invalidate(path);
    },
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`deploylens: internal error: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
