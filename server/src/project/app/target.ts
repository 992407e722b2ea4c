// gunicorn's APP_MODULE grammar (util.import_app, 20.1): `module[:obj]`, split at the first ':';
// `obj` is parsed as one Python expression and must be a name or a call of a name with literal arguments.
import { evaluateIn } from '../../python/evaluate';
import { parsePython, releasePythonTree, type PyNode } from '../../python/parse';
import { repr } from '../../python/valueOps';
import type { PyValue } from '../../python/values';
import { setOwn } from '../../common/own';

/** A parsed WSGI target. Offsets are into `raw`. */
export interface WsgiTarget {
  raw: string;
  module: string;
  moduleStart: number;
  moduleEnd: number;
  /** The attribute gunicorn looks up: the name, or the factory's name. `application` when omitted. */
  name: string;
  /** False when the target has no `:obj` part (gunicorn then uses `application`). */
  explicit: boolean;
  /** The `obj` part's range (empty at the end of `raw` when omitted). */
  objStart: number;
  objEnd: number;
  /** Present when `obj` is a call: `create_app('prod', debug=True)`. */
  call?: { args: PyValue[]; kwargs: Record<string, PyValue> };
  /** gunicorn's own error text when it rejects `obj` (raised after the module imported). */
  error?: string;
}

function pyRepr(s: string): string {
  return repr({ kind: 'str', value: s }) ?? `'${s}'`;
}

const LITERAL_LEAVES = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);

/** What ast.literal_eval accepts: constants, containers of literals, signed numbers (no f-strings, names, calls). */
function isLiteral(node: PyNode): boolean {
  if (node.type === 'string') return !node.children.some((c) => c?.type === 'interpolation') && !/^[a-zA-Z]*f/i.test(node.child(0)?.text ?? '');
  if (node.type === 'concatenated_string') return node.namedChildren.every((c) => c !== null && isLiteral(c));
  if (LITERAL_LEAVES.has(node.type)) return true;
  if (node.type === 'parenthesized_expression') return node.namedChildren.length === 1 && isLiteral(node.namedChildren[0]!);
  if (node.type === 'unary_operator') {
    const arg = node.childForFieldName('argument');
    const op = node.childForFieldName('operator')?.text;
    return (op === '-' || op === '+') && (arg?.type === 'integer' || arg?.type === 'float');
  }
  if (node.type === 'tuple' || node.type === 'list' || node.type === 'set') return node.namedChildren.every((c) => c !== null && (c.type === 'comment' || isLiteral(c)));
  if (node.type === 'dictionary') {
    return node.namedChildren.every((c) => {
      if (!c || c.type === 'comment') return true;
      if (c.type !== 'pair') return false;
      const k = c.childForFieldName('key');
      const v = c.childForFieldName('value');
      return !!k && !!v && isLiteral(k) && isLiteral(v);
    });
  }
  return false;
}

function unwrap(node: PyNode): PyNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) n = n.namedChildren[0]!;
  return n;
}

/** Parses the `obj` part like gunicorn: returns the name and call, or gunicorn's error message. */
function parseObj(obj: string): { name?: string; call?: WsgiTarget['call']; error?: string } {
  const failed = { error: `Failed to parse ${pyRepr(obj)} as an attribute name or function call.` };
  // ast.parse(mode='eval') rejects leading whitespace (IndentationError), empty input and statements.
  if (obj.trim() === '' || /^[ \t\f]/.test(obj) || /[\r\n]/.test(obj)) return failed;
  const tree = parsePython(obj);
  try {
    return tree.errors.length > 0 ? failed : readObj(tree.root, obj, failed);
  } finally {
    // The answer holds strings and literal values, no nodes.
    releasePythonTree(tree);
  }
}

/** The name and call of the parsed `obj` (its nodes are read here only). */
function readObj(root: PyNode, obj: string, failed: { error: string }): { name?: string; call?: WsgiTarget['call']; error?: string } {
  const stmts = root.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
  if (stmts.length !== 1 || stmts[0].type !== 'expression_statement' || stmts[0].namedChildren.length !== 1) return failed;
  const expr = unwrap(stmts[0].namedChildren[0]!);
  if (expr.type === 'identifier') return { name: expr.text };
  if (expr.type !== 'call') return failed;
  const fn = unwrap(expr.childForFieldName('function')!);
  const argList = expr.childForFieldName('arguments');
  if (!argList || argList.type !== 'argument_list') return failed;
  if (fn.type !== 'identifier') return { error: `Function reference must be a simple name: ${pyRepr(obj)}` };
  const argsError = { name: fn.text, error: `Failed to parse arguments as literal values: ${pyRepr(obj)}` };
  const call: NonNullable<WsgiTarget['call']> = { args: [], kwargs: {} };
  const scope = { vars: new Map() };
  for (const a of argList.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'dictionary_splat') {
      // `**{...}`: ast gives a keyword with arg=None whose value literal_eval accepts.
      const inner = a.namedChildren.find((c) => c && c.type !== 'comment');
      if (!inner || !isLiteral(inner)) return argsError;
      const v = evaluateIn(inner, scope);
      if (v.kind === 'dict') for (const [k, x] of v.entries) if (k.kind === 'str') setOwn(call.kwargs, k.value, x);
      continue;
    }
    if (a.type === 'keyword_argument') {
      const v = a.childForFieldName('value');
      if (!v || !isLiteral(v)) return argsError;
      setOwn(call.kwargs, a.childForFieldName('name')?.text ?? '', evaluateIn(v, scope));
    } else {
      if (!isLiteral(a)) return argsError;
      call.args.push(evaluateIn(a, scope));
    }
  }
  return { name: fn.text, call };
}

/** Parses a gunicorn APP_MODULE string. Never throws; problems are in `error`. */
export function parseTarget(raw: string): WsgiTarget {
  const colon = raw.indexOf(':');
  const module = colon < 0 ? raw : raw.slice(0, colon);
  const base = { raw, module, moduleStart: 0, moduleEnd: module.length };
  if (colon < 0) return { ...base, name: 'application', explicit: false, objStart: raw.length, objEnd: raw.length };
  const obj = raw.slice(colon + 1);
  const parsed = parseObj(obj);
  return {
    ...base,
    name: parsed.name ?? obj,
    explicit: true,
    objStart: colon + 1,
    objEnd: raw.length,
    ...(parsed.call ? { call: parsed.call } : {}),
    ...(parsed.error ? { error: parsed.error } : {}),
  };
}
