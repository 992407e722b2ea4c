import type { CliIO } from './io';

/** `deploylens lsp --stdio`: runs the language server over stdin/stdout (any LSP editor can use it). */
export async function run(argv: string[], io: CliIO): Promise<number> {
  if (!argv.includes('--stdio') && !argv.includes('--node-ipc')) {
    io.err('deploylens lsp: pass --stdio (or --node-ipc when started by the VS Code client)');
    return 2;
  }
  const { startProcessServer } = await import('../lsp/main');
  await startProcessServer();
  // The connection keeps the process alive; its exit notification ends it.
  return new Promise<number>(() => undefined);
}
