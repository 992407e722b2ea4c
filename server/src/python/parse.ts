import type { Node, Tree } from 'web-tree-sitter';

// require(), not import: esbuild then bundles the package's CJS build. Its ESM build calls
// createRequire(import.meta.url), and import.meta is empty in the CJS bundle (dist/cli.js), so init fails there.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');
type Parser = import('web-tree-sitter').Parser;

/** A node of the Python syntax tree (tree-sitter-python); offsets (`startIndex`/`endIndex`) are UTF-16 code units. */
export type PyNode = Node;

/** A syntax error: an `ERROR` region tree-sitter skipped, or a token it had to invent (`MISSING`). */
export interface PySyntaxError {
  message: string;
  start: number;
  end: number;
}

/** A parsed Python file. The tree always exists, even for broken input: errors sit in `ERROR` nodes. */
export interface PyTree {
  text: string;
  root: PyNode;
  errors: PySyntaxError[];
}

/** The wasm binaries: the web-tree-sitter runtime (optional: the library finds its own next to itself) and the grammar. */
export interface PythonWasm {
  runtime?: Uint8Array;
  python: Uint8Array;
}

let parser: Parser | undefined;
let pending: Promise<void> | undefined;

/**
 * Loads the wasm runtime and the Python grammar. The core cannot read files, so entry points
 * (CLI, server, tests) pass the bytes (see `node/python.ts`). Call once; later calls share the first.
 */
export function initPython(wasm: PythonWasm): Promise<void> {
  pending ??= (async () => {
    // wasmBinary spares the runtime from locating its .wasm itself, which breaks once bundled.
    await Parser.init(wasm.runtime ? { wasmBinary: wasm.runtime } : undefined);
    const language = await Language.load(wasm.python);
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  })();
  return pending;
}

/** True once `initPython` has finished: callers that may run before it can degrade instead of failing. */
export function isPythonReady(): boolean {
  return parser !== undefined;
}

/**
 * The tree-sitter tree behind each PyTree. Its memory is the wasm module's, outside the JS heap: the
 * library frees a tree when a finalizer sees its wrapper collected, which needs a garbage collection
 * and a turn of the event loop. A synchronous run (the CLI, a loop over many files) reaches neither,
 * and the wasm memory, which never shrinks, grows with every parse (30,000 parses of a 2 KB file
 * filled its 2 GB and aborted). Trees known to be done with are released at once (`releasePythonTree`).
 */
const wasmTrees = new WeakMap<PyTree, Tree>();

/**
 * Parses Python source synchronously. Never fails on input (tree-sitter recovers from any text);
 * calling it before `initPython` resolved is a programming error and throws.
 */
export function parsePython(text: string): PyTree {
  if (!parser) throw new Error('parsePython() called before initPython() resolved');
  const tree: Tree | null = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  const out: PyTree = { text, root: tree.rootNode, errors: collectErrors(tree.rootNode) };
  wasmTrees.set(out, tree);
  return out;
}

/**
 * Frees the tree's wasm memory now. Its nodes must not be read afterwards (they would read freed
 * memory): only for trees whose nodes nothing keeps. A second call does nothing.
 */
export function releasePythonTree(t: PyTree): void {
  const tree = wasmTrees.get(t);
  if (!tree) return;
  wasmTrees.delete(t);
  tree.delete();
}

/** `t` with other errors and text: the new PyTree owns `t`'s tree (release one or the other, not both). */
export function withErrors(t: PyTree, text: string, errors: PySyntaxError[]): PyTree {
  const out: PyTree = { text, root: t.root, errors };
  const tree = wasmTrees.get(t);
  if (tree) {
    wasmTrees.delete(t);
    wasmTrees.set(out, tree);
  }
  return out;
}

/** At most this many errors are listed: a binary file can produce thousands. */
const MAX_ERRORS = 100;

function collectErrors(root: PyNode): PySyntaxError[] {
  const errors: PySyntaxError[] = [];
  if (!root.hasError) return errors;
  const stack: PyNode[] = [root];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const node = stack.pop()!;
    if (node.isMissing) {
      errors.push({ message: `missing ${JSON.stringify(node.type)}`, start: node.startIndex, end: node.endIndex });
      continue;
    }
    if (node.isError) {
      errors.push({ message: describeError(node), start: node.startIndex, end: node.endIndex });
      continue;
    }
    // Only subtrees that contain an error are walked: a clean 10k-line file costs one check.
    const kids = node.children.filter((c): c is PyNode => c !== null && (c.hasError || c.isMissing));
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return errors.sort((a, b) => a.start - b.start);
}

function describeError(node: PyNode): string {
  const first = node.child(0);
  const token = first && first.childCount === 0 ? first.text : node.text.split('\n', 1)[0];
  const shown = token.length > 30 ? token.slice(0, 30) + '…' : token;
  return `invalid syntax near ${JSON.stringify(shown)}`;
}
