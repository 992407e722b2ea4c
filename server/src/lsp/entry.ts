/** dist/server.js, the process the VS Code client starts (node IPC): one language server. */
import { startProcessServer } from './main';

void startProcessServer();
