import type { CliIO } from './io';

/** `deploylens gunicorn`: not built yet (see the open issue). */
export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.err('deploylens gunicorn: not available yet');
  return 2;
}
