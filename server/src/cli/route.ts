/**
 * `deploylens route <config-file> <url>... [--address IP] [--format text|json]`: what nginx does
 * with each request, from the config alone (the router in server/src/nginx/routing).
 *
 * Each URL is `http[s]://HOST[:PORT]/path?query`: HOST is the Host header, PORT the port the client
 * connects to (80, or 443 for https); the path is taken byte for byte (like `curl --path-as-is`).
 * Without --address, the request arrives on the address of a `listen` the config has for that port.
 *
 * JSON: an array, one object per URL, in order:
 * `{"url", "status"?, "server": {"file","line","column","names"} | null,
 *   "location": {"file","line","column","modifier","pattern"} | null, "target": {...}, "uri"?, "notModelled"?}`
 * where `status` is set only when nginx refuses the request before any location (400), line and
 * column are 1-based and point at the `server` / `location` keyword, and every `ref` inside the
 * target becomes `{file, line, column}`. Text: a short explanation per URL. Exit 0; 2 on bad usage.
 */
import { posix } from 'node:path';
import { LineIndex } from '../common/text';
import type { NginxConfig } from '../nginx/config';
import { loadNginxConfig } from '../nginx/includes';
import { parseRequestUrl, routeRequest, type RouteResult, type SourceRef } from '../nginx/routing';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';

/** A place in a file, for people and programs: 1-based line and column. */
export interface PlaceJson {
  file: string;
  line: number;
  column: number;
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  let configPath: string;
  let urls: string[];
  let format: string;
  let address: string | undefined;
  try {
    const args = parseArgs(argv, ['format', 'address']);
    format = (args.options.get('format') as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
    address = args.options.get('address') as string | undefined;
    [configPath, ...urls] = args.positional;
    if (!configPath || urls.length === 0) throw new UsageError('usage: deploylens route <config-file> <url>... [--address IP] [--format text|json]');
    for (const u of urls) {
      const p = parseRequestUrl(u);
      if (!p.ok) throw new UsageError(p.error);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`deploylens route: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const abs = posix.resolve(io.cwd, configPath);
  if (io.host.readFile(abs) === undefined) {
    io.err(`deploylens route: cannot read ${configPath}`);
    return 2;
  }
  const config = loadNginxConfig(io.host, abs);
  const results = urls.map((url) => {
    const p = parseRequestUrl(url);
    if (!p.ok) throw new Error(p.error);
    return { url, result: routeRequest(config, { url, host: p.host, port: p.port, path: p.path, scheme: p.scheme, ...(address ? { address } : {}) }) };
  });
  const places = new Places(config, io.cwd);
  if (format === 'json') {
    io.out(JSON.stringify(results.map(({ url, result }) => toJson(url, result, places)), null, 2));
  } else {
    io.out(results.map(({ url, result }) => toText(url, result, places)).join('\n\n'));
  }
  return 0;
}

/** Converts offsets to 1-based places, with paths relative to the working directory when inside it. */
export class Places {
  private readonly indexes = new Map<string, LineIndex>();
  constructor(
    private readonly config: NginxConfig,
    private readonly cwd: string,
  ) {}

  of(ref: SourceRef): PlaceJson {
    let idx = this.indexes.get(ref.file);
    if (!idx) {
      idx = new LineIndex(this.config.files.get(ref.file)?.text ?? '');
      this.indexes.set(ref.file, idx);
    }
    const { line, column } = idx.humanAt(ref.start);
    return { file: this.name(ref.file), line, column };
  }

  name(file: string): string {
    const rel = posix.relative(this.cwd, file);
    return rel && !rel.startsWith('..') ? rel : file;
  }
}

/** Replaces every `ref` ({file, start, end}) inside a value by a place. */
function placed(value: unknown, places: Places): unknown {
  if (Array.isArray(value)) return value.map((v) => placed(v, places));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'ref' && v && typeof v === 'object' && 'start' in v) out[k] = places.of(v as SourceRef);
      else out[k] = placed(v, places);
    }
    return out;
  }
  return value;
}

/** The JSON object of one URL (see the module comment). */
export function toJson(url: string, r: RouteResult, places: Places): Record<string, unknown> {
  return {
    url,
    ...(r.status !== undefined ? { status: r.status } : {}),
    server: r.server ? { ...(r.server.ref ? places.of(r.server.ref) : { file: places.name(r.server.file), line: 1, column: 1 }), names: r.server.names } : null,
    location: r.location ? { ...places.of(r.location.ref), modifier: r.location.modifier, pattern: r.location.pattern } : null,
    target: placed(r.target, places),
    ...(r.uri !== undefined ? { uri: r.uri } : {}),
    ...(r.notModelled.length > 0 ? { notModelled: r.notModelled } : {}),
  };
}

function at(places: Places, ref: SourceRef | undefined | null): string {
  if (!ref) return '';
  const p = places.of(ref);
  return ` (${p.file}:${p.line}:${p.column})`;
}

/** One line saying what happens in the end. */
export function summary(r: RouteResult): string {
  const t = r.target;
  switch (t.kind) {
    case 'rejected':
      return `nginx answers ${t.status}: ${t.reason}`;
    case 'no-listener':
      return `the connection fails: ${t.reason}`;
    case 'return':
      return t.location !== undefined ? `${t.status} redirect to ${t.location}` : t.text !== undefined ? `${t.status} with the text ${JSON.stringify(t.text)}` : `${t.status}`;
    case 'redirect':
      return `${t.status} redirect to ${t.location} (${t.reason})`;
    case 'proxy': {
      const where = t.endpoints.map((e) => (e.kind === 'unix' ? `unix:${e.path}` : e.kind === 'tcp' ? `${e.host}${e.port !== null ? ':' + e.port : ''}` : e.text)).join(', ');
      return `${t.directive} to ${t.upstream ? `upstream ${t.upstream.name} (${where})` : where}${t.uri !== undefined ? `, URI ${t.uri}` : ''}`;
    }
    case 'static': {
      let s = `static file ${t.path} (${t.via} ${t.root})`;
      if (t.tryFiles) s += `; try_files ${t.tryFiles.candidates.map((c) => c.path + (c.directory && !c.path.endsWith('/') ? '/' : '')).join(', ')}, else ${t.tryFiles.fallback}`;
      if (t.index) s += `; index ${t.index.candidates.map((c) => c.path).join(', ')}`;
      return s;
    }
    case 'error':
      return `${t.status}: ${t.reason}`;
    case 'not-modelled':
      return `not modelled: ${t.reason}`;
  }
}

/** The text explanation of one URL. */
export function toText(url: string, r: RouteResult, places: Places): string {
  const lines = [url];
  for (const step of r.trace) lines.push(`  ${step.stage.padEnd(8)} ${step.message}${at(places, step.ref)}`);
  lines.push(`  => ${summary(r)}${'ref' in r.target ? at(places, r.target.ref) : ''}`);
  for (const n of r.notModelled) lines.push(`  note: not modelled: ${n}`);
  return lines.join('\n');
}
