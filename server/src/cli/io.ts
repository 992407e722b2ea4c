import type { ProjectHost } from '../common/host';

/** What a CLI command gets from the process: output streams, the host, the working directory. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  host: ProjectHost;
  cwd: string;
}
