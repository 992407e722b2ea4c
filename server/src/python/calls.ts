// Calls the evaluator models: os.environ / os.getenv / django-environ / python-decouple (the default,
// marked env-dependent), os.path and pathlib arithmetic, cpu_count (machine-dependent), a few builtins
// and str/Path/dict methods. Any other call becomes a `call` value named by its qualified callee.
import type { EvalContext } from './context';
import type { CallArgs } from './expr';
import { strFormat } from './format';
import type { PyNode } from './parse';
import { baseName, dirName, joinPath, normPath, purePath, resolvePath } from './pathOps';
import type { Scope } from './scope';
import { mergeEnv, str, truthy, unknown, withEnv } from './valueOps';
import type { PyValue } from './values';
import { getOwn } from '../common/own';

/** How a typed env reader (django-environ's `env.bool`, decouple's `cast=bool`) turns the variable's text into a value. */
type EnvCast = 'str' | 'bool' | 'int' | 'float' | 'list';

function castEnv(text: string, cast: EnvCast): PyValue {
  switch (cast) {
    case 'bool':
      return { kind: 'bool', value: ['true', 'on', 'ok', 'y', 'yes', '1'].includes(text.trim().toLowerCase()) };
    case 'int':
      return /^\s*[-+]?\d+\s*$/.test(text) ? { kind: 'int', value: Number(text) } : unknown('env', 'not an integer');
    case 'float':
      return text.trim() !== '' && !Number.isNaN(Number(text)) ? { kind: 'float', value: Number(text) } : unknown('env', 'not a number');
    case 'list':
      return { kind: 'list', items: text === '' ? [] : text.split(',').map((p) => ({ kind: 'str', value: p.trim() }) as PyValue) };
    default:
      return { kind: 'str', value: text };
  }
}

/** The cast a `cast=` argument names (`cast=bool`), if one of the modelled ones. */
function castOf(v: PyValue | undefined): EnvCast | undefined {
  if (v?.kind !== 'ref') return undefined;
  const name = v.target.replace(/^builtins\./, '');
  return name === 'bool' || name === 'int' || name === 'float' || name === 'list' || name === 'str' ? name : undefined;
}

/**
 * The value of an environment lookup, marked with the variable: its value when the caller knows the
 * process environment (`ctx.environ`), else the default, else `absent` (None for os.environ.get, an
 * unknown for env()/os.environ[K]).
 */
export function envLookup(ctx: EvalContext, key: PyValue | undefined, dflt: PyValue | undefined, absent: 'none' | 'unknown', cast: EnvCast = 'str'): PyValue {
  if (!key || key.kind !== 'str') return withEnv(unknown('env', 'computed variable name'), key);
  const env = [key.value];
  // Own keys only: `os.environ.get('constructor')` is an unset variable, not Object's constructor.
  const given = ctx.environ && getOwn(ctx.environ, key.value);
  if (given !== undefined) return { ...castEnv(given, cast), env };
  if (dflt) return { ...dflt, env: mergeEnv(dflt, { kind: 'none', env }) };
  return absent === 'none' ? { kind: 'none', env } : unknown('env', key.value, env);
}

/** The text of a str-or-path value, for os.path functions (which accept both). */
function pathText(v: PyValue | undefined): string | undefined {
  return v && (v.kind === 'str' || v.kind === 'path') ? v.value : undefined;
}

function allPaths(args: PyValue[]): string[] | undefined {
  const out: string[] = [];
  for (const a of args) {
    const t = pathText(a);
    if (t === undefined) return undefined;
    out.push(t);
  }
  return out;
}

type Known = (a: CallArgs, ctx: EvalContext) => PyValue;

function osPath(fn: (parts: string[], ctx: EvalContext) => string | undefined, arity?: number): Known {
  return ({ args }, ctx) => {
    const parts = allPaths(arity === undefined ? args : args.slice(0, arity));
    const out = parts && (arity === undefined || parts.length === arity) ? fn(parts, ctx) : undefined;
    return withEnv(out === undefined ? unknown('unsupported', 'os.path') : { kind: 'str', value: out }, ...args);
  };
}

function pathlib({ args }: CallArgs): PyValue {
  const parts = allPaths(args);
  if (!parts) return withEnv(unknown('unsupported', 'Path()'), ...args);
  return withEnv({ kind: 'path', value: purePath(parts.length ? joinPath(...parts) : '.') }, ...args);
}

function toInt(v: PyValue | undefined): PyValue {
  if (!v) return { kind: 'int', value: 0 };
  if (v.kind === 'int') return v;
  if (v.kind === 'float') return withEnv({ kind: 'int', value: Math.trunc(v.value) }, v);
  if (v.kind === 'bool') return withEnv({ kind: 'int', value: v.value ? 1 : 0 }, v);
  if (v.kind === 'str' && /^\s*[-+]?\d[\d_]*\s*$/.test(v.value)) return withEnv({ kind: 'int', value: Number(v.value.replace(/_/g, '')) }, v);
  return withEnv(unknown(v.kind === 'unknown' ? v.reason : 'unsupported', 'int()'), v);
}

function toFloat(v: PyValue | undefined): PyValue {
  if (!v) return { kind: 'float', value: 0 };
  if (v.kind === 'int' || v.kind === 'float') return withEnv({ kind: 'float', value: v.value }, v);
  if (v.kind === 'str' && v.value.trim() !== '' && !Number.isNaN(Number(v.value))) return withEnv({ kind: 'float', value: Number(v.value) }, v);
  return withEnv(unknown(v.kind === 'unknown' ? v.reason : 'unsupported', 'float()'), v);
}

function toItems(v: PyValue | undefined): PyValue[] | undefined {
  if (!v) return [];
  if (v.kind === 'list' || v.kind === 'tuple') return v.items;
  if (v.kind === 'str') return [...v.value].map((c) => ({ kind: 'str', value: c }));
  if (v.kind === 'dict') return v.entries.map(([k]) => k);
  return undefined;
}

function sequenceOf(kind: 'list' | 'tuple'): Known {
  return ({ args }) => {
    const items = toItems(args[0]);
    return items ? withEnv({ kind, items }, args[0]) : withEnv(unknown('unsupported', `${kind}()`), args[0]);
  };
}

/** The default of an env lookup given as keyword `default=` or as the `pos`-th positional argument. */
function defaultArg(a: CallArgs, pos: number): PyValue | undefined {
  return a.kwargs.default ?? a.args[pos];
}

const KNOWN: Record<string, Known> = {
  'os.environ.get': (a, ctx) => envLookup(ctx, a.args[0], a.args[1], 'none'),
  'os.getenv': (a, ctx) => envLookup(ctx, a.args[0], defaultArg(a, 1), 'none'),
  'os.environ.setdefault': (a, ctx) => envLookup(ctx, a.args[0], a.args[1] ?? { kind: 'none' }, 'none'),
  'decouple.config': (a, ctx) => envLookup(ctx, a.args[0], defaultArg(a, 1), 'unknown', castOf(a.kwargs.cast)),
  'os.path.join': osPath((p) => joinPath(...p)),
  'os.path.dirname': osPath(([p]) => dirName(p), 1),
  'os.path.basename': osPath(([p]) => baseName(p), 1),
  'os.path.normpath': osPath(([p]) => normPath(p), 1),
  'os.path.abspath': osPath(([p], ctx) => resolvePath(p, ctx.cwd), 1),
  // Symlinks cannot be seen statically; realpath is abspath for the evaluator.
  'os.path.realpath': osPath(([p], ctx) => resolvePath(p, ctx.cwd), 1),
  'os.path.expanduser': osPath(([p]) => (p.startsWith('~') ? undefined : p), 1),
  'os.fspath': osPath(([p]) => p, 1),
  'pathlib.Path': pathlib,
  'pathlib.PurePath': pathlib,
  'pathlib.PosixPath': pathlib,
  'pathlib.PurePosixPath': pathlib,
  'multiprocessing.cpu_count': () => unknown('machine', 'cpu_count()'),
  'os.cpu_count': () => unknown('machine', 'cpu_count()'),
  'builtins.str': ({ args }) => {
    if (args.length === 0) return { kind: 'str', value: '' };
    const s = str(args[0]);
    return withEnv(s === undefined ? unknown(args[0].kind === 'unknown' ? args[0].reason : 'unsupported', 'str()') : { kind: 'str', value: s }, args[0]);
  },
  'builtins.int': ({ args }) => toInt(args[0]),
  'builtins.float': ({ args }) => toFloat(args[0]),
  'builtins.bool': ({ args }) => {
    if (args.length === 0) return { kind: 'bool', value: false };
    const t = truthy(args[0]);
    return withEnv(t === undefined ? unknown('unsupported', 'bool()') : { kind: 'bool', value: t }, args[0]);
  },
  'builtins.list': sequenceOf('list'),
  'builtins.tuple': sequenceOf('tuple'),
  'builtins.len': ({ args }) => {
    const items = toItems(args[0]);
    return withEnv(items ? { kind: 'int', value: items.length } : unknown('unsupported', 'len()'), args[0]);
  },
  'builtins.dict': ({ args, kwargs }) => {
    const base = args[0];
    const entries: Array<[PyValue, PyValue]> = base?.kind === 'dict' ? [...base.entries] : [];
    if (base && base.kind !== 'dict') return unknown('unsupported', 'dict()');
    for (const [k, v] of Object.entries(kwargs)) entries.push([{ kind: 'str', value: k }, v]);
    return { kind: 'dict', entries };
  },
};

/** django-environ's `Env` methods that read one variable (`env.str('K', default=…)`, `env.bool`, …). */
const ENV_METHODS = new Set(['str', 'bool', 'int', 'float', 'list', 'tuple', 'dict', 'json', 'url', 'path', 'db', 'db_url', 'cache', 'cache_url', 'email', 'email_url', 'search_url', 'get_value']);

function strMethod(s: string, name: string, a: CallArgs): PyValue | undefined {
  const arg = a.args[0];
  const argText = arg?.kind === 'str' ? arg.value : undefined;
  const strip = (re: (chars: string) => RegExp) => {
    if (arg && arg.kind !== 'none' && argText === undefined) return undefined;
    const chars = argText === undefined ? '\\s' : argText.replace(/[\\\]^-]/g, '\\$&');
    return { kind: 'str', value: s.replace(re(chars), '') } as PyValue;
  };
  switch (name) {
    case 'format':
      return strFormat(s, a.args, a.kwargs);
    case 'join': {
      const items = toItems(arg);
      if (!items || items.some((i) => i.kind !== 'str')) return undefined;
      return withEnv({ kind: 'str', value: items.map((i) => (i as { value: string }).value).join(s) }, arg);
    }
    case 'lower':
      return { kind: 'str', value: s.toLowerCase() };
    case 'upper':
      return { kind: 'str', value: s.toUpperCase() };
    case 'strip':
      return strip((c) => new RegExp(`^[${c}]+|[${c}]+$`, 'g'));
    case 'lstrip':
      return strip((c) => new RegExp(`^[${c}]+`));
    case 'rstrip':
      return strip((c) => new RegExp(`[${c}]+$`));
    case 'replace': {
      const [from, to] = a.args;
      if (from?.kind !== 'str' || to?.kind !== 'str') return undefined;
      return withEnv({ kind: 'str', value: s.split(from.value).join(to.value) }, from, to);
    }
    case 'split': {
      if (arg && argText === undefined && arg.kind !== 'none') return undefined;
      const parts = argText === undefined ? s.trim().split(/\s+/).filter((x) => x !== '') : s.split(argText);
      return { kind: 'list', items: parts.map((p) => ({ kind: 'str', value: p })) };
    }
    case 'startswith':
    case 'endswith':
      if (argText === undefined) return undefined;
      return { kind: 'bool', value: name === 'startswith' ? s.startsWith(argText) : s.endsWith(argText) };
    case 'encode':
      return { kind: 'bytes', value: Buffer.from(s, 'utf8').toString('latin1') };
    default:
      return undefined;
  }
}

function pathMethod(p: string, name: string, a: CallArgs, ctx: EvalContext): PyValue | undefined {
  switch (name) {
    case 'resolve':
    case 'absolute':
      return { kind: 'path', value: resolvePath(p, ctx.cwd) };
    case 'joinpath': {
      const parts = allPaths(a.args);
      return parts ? { kind: 'path', value: purePath(joinPath(p, ...parts)) } : undefined;
    }
    case 'as_posix':
    case '__str__':
    case '__fspath__':
      return { kind: 'str', value: p };
    case 'expanduser':
      return p.startsWith('~') ? undefined : { kind: 'path', value: p };
    default:
      return undefined;
  }
}

/**
 * `obj.name(args)` for objects the evaluator models (str, Path, dict, a django-environ `Env`).
 * Undefined when the method is not one of them, so the caller treats it as a plain call.
 */
export function callMethod(obj: PyValue, name: string, a: CallArgs, ctx: EvalContext): PyValue | undefined {
  let out: PyValue | undefined;
  if (obj.kind === 'str') out = strMethod(obj.value, name, a);
  else if (obj.kind === 'path') out = pathMethod(obj.value, name, a, ctx);
  else if (obj.kind === 'dict' && name === 'get') {
    const key = a.args[0];
    const hit = key ? obj.entries.find(([k]) => k.kind === key.kind && str(k) === str(key)) : undefined;
    out = hit ? hit[1] : (a.args[1] ?? { kind: 'none' });
  } else if (obj.kind === 'call' && obj.callee === 'environ.Env' && ENV_METHODS.has(name)) {
    const cast: EnvCast | undefined = name === 'bool' || name === 'int' || name === 'float' || name === 'list' ? name : undefined;
    return withEnv(envLookup(ctx, a.args[0], defaultArg(a, 1), 'unknown', cast), obj);
  } else return undefined;
  return out ? withEnv(out, obj, ...a.args) : undefined;
}

/** Calls a callee value: known functions, django-environ's `env(...)`, workspace factories, or a `call` value. */
export function callFunctionValue(callee: PyValue, a: CallArgs, node: PyNode, _scope: Scope, ctx: EvalContext): PyValue {
  if (callee.kind === 'call' && callee.callee === 'environ.Env') {
    // Env.__call__(var, cast=None, default=NOTSET): the second positional is the cast, not the default.
    return envLookup(ctx, a.args[0], a.kwargs.default, 'unknown', castOf(a.kwargs.cast ?? a.args[1]));
  }
  if (callee.kind !== 'ref') return withEnv(unknown(callee.kind === 'unknown' ? callee.reason : 'unsupported', 'call'), callee);
  // Own keys only: a function the user named `constructor` is not a modelled call.
  const known = getOwn(KNOWN, callee.target);
  if (known) return known(a, ctx);
  const fn = ctx.defs.get(callee.target);
  if (fn && 'params' in fn) {
    // `app = create_app()`: when every return of the factory is the same kind of object, that is the value.
    const returns = ctx.returnsOf(fn);
    const first = returns[0]?.value;
    if (first?.kind === 'call' && returns.every((r) => r.value.kind === 'call' && r.value.callee === first.callee)) return first;
  }
  return {
    kind: 'call',
    callee: callee.target.startsWith('builtins.') && fn === undefined ? callee.target.slice('builtins.'.length) : callee.target,
    args: a.args,
    kwargs: a.kwargs,
    ...(ctx.file !== undefined ? { file: ctx.file } : {}),
    start: node.startIndex,
    end: node.endIndex,
    ...(callee.self ? { receiver: callee.self } : {}),
  };
}
