import type { CliIO } from './io';

/** `deploylens route`: not built yet (see the open issue). */
export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.err('deploylens route: not available yet');
  return 2;
}
