import { loadPythonParser } from '../../server/src/node/python';

/** Initialises the Python parser for a test file (reads the wasm from node_modules); safe to await many times. */
export async function loadPython(): Promise<void> {
  await loadPythonParser(__dirname);
}
