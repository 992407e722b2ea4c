/**
 * Where the workspace tells gunicorn to listen, with the span of each address in its file, from the
 * gunicorn reader (`gunicorn/index.ts`: command lines, gunicorn.conf.py, GUNICORN_CMD_ARGS, socket
 * units). Editor features need the span of the path itself (to jump to it and to rename it while
 * keeping `unix:`), so each bind's source is narrowed to where its raw text is written.
 */
import type { FeatureContext } from '../context';
import type { DeployFileKind } from '../../project/discover';
import type { BindInfo, GunicornInstance } from '../../gunicorn/index';

/** One address gunicorn is told to listen on. */
export interface BindSite {
  /** Normalized by the reader: `unix:/abs/path` (relative paths resolved against --chdir), `HOST:PORT`. */
  address: string;
  /** For unix sockets: the absolute server path. */
  socketPath?: string;
  /** The file and the span of the address text (for a socket, of the path itself). */
  file: string;
  start: number;
  end: number;
  /** What the file is, for messages ("systemd unit", "gunicorn.conf.py"). */
  kind: DeployFileKind;
  /** False for binds gunicorn ignores (socket activation or fd:// in effect). */
  effective: boolean;
  instance: GunicornInstance;
}

/** Every bind site of the workspace's gunicorn instances. */
export function workspaceBinds(ctx: FeatureContext): BindSite[] {
  const out: BindSite[] = [];
  const seen = new Set<string>();
  for (const instance of ctx.gunicorn()) {
    const add = (b: BindInfo, effective: boolean): void => {
      if (!b.source) return;
      const text = ctx.host.readFile(b.source.file);
      if (text === undefined) return;
      const span = narrow(text, b);
      const key = `${b.source.file}\0${span.start}\0${b.address}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({
        address: b.address,
        socketPath: b.family === 'unix' ? b.address.slice('unix:'.length) : undefined,
        file: b.source.file,
        start: span.start,
        end: span.end,
        kind: ctx.kindOf(b.source.file),
        effective,
        instance,
      });
    };
    for (const b of instance.binds) add(b, true);
    for (const b of instance.bindsIgnored) add(b, false);
  }
  return out;
}

/**
 * The span of a bind's text inside its source: the path after `unix:` (or the whole address).
 * A source may cover more than the bind (an option and its value, a list of binds).
 */
function narrow(text: string, b: BindInfo): { start: number; end: number } {
  const src = b.source!;
  const slice = text.slice(src.start, src.end);
  const at = slice.indexOf(b.raw);
  if (at < 0) return { start: src.start, end: src.end };
  let start = src.start + at;
  const end = start + b.raw.length;
  if (b.family === 'unix') {
    const prefix = /^unix:(\/\/)?/.exec(b.raw)?.[0].length ?? 0;
    start += prefix;
  }
  return { start, end };
}

/** A human name for where a bind comes from. */
export function bindSourceName(kind: DeployFileKind): string {
  switch (kind) {
    case 'systemd-service':
      return 'systemd service';
    case 'systemd-socket':
      return 'systemd socket unit';
    case 'gunicorn-config':
      return 'gunicorn config';
    case 'procfile':
      return 'Procfile';
    case 'dockerfile':
      return 'Dockerfile';
    case 'supervisor':
      return 'supervisor program';
    default:
      return kind;
  }
}
