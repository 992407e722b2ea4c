/**
 * How the language server process is started: the Node flags the VS Code client passes to
 * dist/server.js (and bench/lsp.mjs, which measures the server as the client starts it).
 *
 * `--max-semi-space-size=4`: V8 grows the young generation of a process that keeps allocating
 * (each keystroke re-parses and re-checks the edited configuration) up to 16 MB per semi-space, 32 MB
 * committed for garbage that dies young. Capped at 4 MB, bench/lsp.mjs measured on the 2,000-line
 * site a peak RSS of 128-134 MB instead of 147-163 MB, with the same edit -> diagnostics latency
 * (server p95 6-8 ms either way). The data is in serverProcess.json so that the benchmark, a plain
 * Node script, reads the same list.
 */
import serverProcess from './serverProcess.json';

/** Node/V8 flags for the language server process. */
export const SERVER_NODE_FLAGS: readonly string[] = serverProcess.nodeFlags;
