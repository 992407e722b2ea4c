import type { ProjectHost } from '../common/host';

/** What a CLI command gets from the process: output streams, the host, the working directory. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  host: ProjectHost;
  cwd: string;
  /** Writes a file (only `check --fix` does); the real CLI writes to disk. */
  writeFile?(path: string, text: string): void;
}
