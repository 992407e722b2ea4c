/**
 * The text of the "effective gunicorn configuration" document: per instance a header (launcher,
 * app, chdir, binds, config file, what is unknown), then every setting as `gunicorn --print-config`
 * prints it on the server (sorted by name, `name = value` with Python's spelling of values), with
 * where each value not left at gunicorn's default was set. Also the places to link (`file:line`).
 * No `vscode` import: unit-tested with node.
 */
import type { EffectiveGunicornInstance, EffectiveGunicornSetting } from '../../../shared/src/protocol';

/** A `file:line` mention in the text, to become a link. Line and columns are 0-based, as in the editor. */
export interface SourceLink {
  line: number;
  start: number;
  end: number;
  folderUri: string;
  /** Workspace-relative file. */
  file: string;
  /** 1-based line in that file. */
  fileLine: number;
}

/** The rendered document. */
export interface Rendered {
  text: string;
  links: SourceLink[];
}

const ORIGIN: Record<string, string> = {
  environment: 'environment',
  config: 'config file',
  GUNICORN_CMD_ARGS: 'GUNICORN_CMD_ARGS',
  'command-line': 'command line',
  'socket-activation': 'socket activation',
};

/** A Python literal's repr for a string: single quotes, as print-config shows list items. */
function pyRepr(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A value as `str(value)` prints it in Python (print-config formats settings with `{v}`). */
export function pyStr(v: unknown, nested = false): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return nested ? pyRepr(v) : v;
  if (Array.isArray(v)) return `[${v.map((x) => pyStr(x, true)).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyRepr(k)}: ${pyStr(x, true)}`).join(', ')}}`;
  return String(v);
}

function valueOf(s: EffectiveGunicornSetting): string {
  if (s.unknown) return `<unknown: ${s.unknown}>`;
  return pyStr(s.value);
}

function title(i: EffectiveGunicornInstance): string {
  const what = i.kind === 'config-only' ? 'a config file no launcher reads' : `${i.kind}${i.name ? ` ${i.name}` : ''}`;
  return `${i.file ?? '(unknown file)'}${i.line ? `:${i.line}` : ''}: ${what}`;
}

/** Renders every instance; `folderName` names each instance's workspace folder when there are several. */
export function renderEffectiveConfig(instances: readonly EffectiveGunicornInstance[], folderName?: (folderUri: string) => string | undefined): Rendered {
  const lines: string[] = [
    '# The effective gunicorn configuration, computed by DeployLens from the workspace files:',
    '# what `gunicorn --print-config` prints on the server. A value set in a file says where.',
    '',
  ];
  const links: SourceLink[] = [];
  /** Records a `file:line` mention found in the line about to be pushed. */
  const mention = (text: string, i: EffectiveGunicornInstance, file: string | null, line: number | null) => {
    if (!file || !line) return;
    const ref = `${file}:${line}`;
    const at = text.lastIndexOf(ref);
    if (at >= 0) links.push({ line: lines.length, start: at, end: at + ref.length, folderUri: i.folderUri, file, fileLine: line });
  };
  if (instances.length === 0) {
    lines.push('# No gunicorn found: no systemd unit, Procfile, Dockerfile, supervisor program or gunicorn.conf.py starts it.');
  }
  for (const i of instances) {
    const folder = folderName?.(i.folderUri);
    const head = `# ── ${title(i)}${folder ? ` (${folder})` : ''}`;
    mention(head, i, i.file, i.line);
    lines.push(head);
    lines.push(`#   app      ${i.app ?? '(none: gunicorn exits with "No application module specified.")'}`);
    lines.push(`#   chdir    ${i.chdir ?? '(unknown)'}${i.startDir && i.startDir !== i.chdir ? `   (started in ${i.startDir})` : ''}`);
    lines.push(`#   binds    ${i.binds.join(', ') || '(none)'}${i.bindsIgnored.length ? `   (not used: ${i.bindsIgnored.join(', ')})` : ''}`);
    lines.push(`#   workers  ${i.workers ?? '(depends on the machine or the environment)'}`);
    lines.push(`#   config   ${i.configFile ?? '(none)'}`);
    lines.push(`#   gunicorn ${i.version ?? '(version unknown: the settings of the newest release are listed; set deploylens.gunicornVersion)'}`);
    for (const u of i.unknownSources) lines.push(`#   unknown  ${u}`);
    lines.push('');
    const names = Object.keys(i.settings).sort();
    const width = Math.max(0, ...names.map((n) => n.length));
    for (const n of names) {
      const s = i.settings[n];
      let line = `${n.padEnd(width)} = ${valueOf(s)}`;
      if (s.origin !== 'default' || s.file) {
        const where = s.file ? `${s.file}${s.line ? `:${s.line}` : ''} ` : '';
        // A default that a file decides (chdir from WorkingDirectory=, group from Group=) is the launcher's doing.
        const why = s.origin === 'default' ? 'from the launcher' : (ORIGIN[s.origin] ?? s.origin);
        line += `   # ${where}(${why})`;
      }
      mention(line, i, s.file, s.line);
      lines.push(line);
    }
    lines.push('');
  }
  return { text: lines.join('\n'), links };
}
