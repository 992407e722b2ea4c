/**
 * Completion for gunicorn: setting names and values in gunicorn.conf.py; options, their values and
 * the WSGI target on command lines (systemd units, Procfiles, Dockerfiles, supervisor). Values
 * include what only the whole workspace knows: the sockets and ports nginx proxies to (for `bind`)
 * and the `module:callable` targets the workspace's Python files define.
 */
import type { FeatureContext } from '../context';
import type { CompletionEntry } from '../types';
import { settingsFor, WORKER_CLASSES, type GunicornSettingSpec } from '../../gunicorn/catalog';
import { DESCRIPTIONS } from '../../gunicorn/descriptions';
import { settingMarkdown } from './settingDocs';
import { commandCursor } from './commandLine';
import { formatAddress, nginxEndpoints } from '../endpoints';
import { wsgiCandidates } from './wsgiTargets';

/** Completion in a file that configures or starts gunicorn. */
export function gunicornCompletion(ctx: FeatureContext, path: string, offset: number): CompletionEntry[] {
  const text = ctx.host.readFile(path);
  if (text === undefined) return [];
  const version = ctx.settings.gunicornVersion || undefined;
  if (ctx.kindOf(path) === 'gunicorn-config') return confCompletion(ctx, path, text, offset, version);
  const cur = commandCursor(text, offset);
  if (!cur) return [];
  const specs = settingsFor(version);
  if (cur.prefix.startsWith('-')) {
    const eq = cur.prefix.indexOf('=');
    if (eq < 0) return optionEntries(specs, cur.start, cur.end);
    const spec = specs.find((s) => s.cli.includes(cur.prefix.slice(0, eq)));
    return spec ? valueEntries(ctx, spec, cur.start + eq + 1, cur.end, false) : [];
  }
  const prev = cur.index > 0 ? cur.args[cur.index - 1].value : undefined;
  const prevSpec = prev?.startsWith('-') && !prev.includes('=') ? specs.find((s) => s.cli.includes(prev)) : undefined;
  if (prevSpec && (prevSpec.action === 'store' || prevSpec.action === 'append')) return valueEntries(ctx, prevSpec, cur.start, cur.end, false);
  return wsgiCandidates(ctx, path).map((t) => ({ label: t.target, kind: 'function', detail: t.detail, start: cur.start, end: cur.end }));
}

function optionEntries(specs: readonly GunicornSettingSpec[], start: number, end: number): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const s of specs) {
    for (const flag of s.cli) {
      out.push({
        label: flag,
        kind: 'setting',
        detail: s.meta ? `${flag} ${s.meta}` : flag,
        documentation: settingMarkdown(s),
        start,
        end,
        // Long options first: they read better in a unit file than the short ones.
        sortText: `${flag.startsWith('--') ? 0 : 1}${flag}`,
      });
    }
  }
  return out;
}

/**
 * Values gunicorn accepts for settings its validator types as plain strings: `loglevel` goes through
 * glogging's LOG_LEVELS table (anything else falls back to info).
 */
const KNOWN_VALUES: Readonly<Record<string, readonly string[]>> = {
  loglevel: ['debug', 'info', 'warning', 'error', 'critical'],
};

/** Values of a setting; `quoted` wraps them as Python strings (config files). */
function valueEntries(ctx: FeatureContext, spec: GunicornSettingSpec, start: number, end: number, quoted: boolean): CompletionEntry[] {
  const q = (v: string): string => (quoted ? JSON.stringify(v) : v);
  const out: CompletionEntry[] = [];
  if (spec.kind === 'bool' && quoted) for (const v of ['True', 'False']) out.push({ label: v, kind: 'keyword', start, end });
  if (spec.kind === 'choice' && spec.choices) for (const v of spec.choices) out.push({ label: q(v), kind: 'value', start, end });
  for (const v of KNOWN_VALUES[spec.name] ?? []) out.push({ label: q(v), kind: 'value', start, end });
  if (spec.name === 'worker_class') for (const w of WORKER_CLASSES) out.push({ label: q(w.name), kind: 'value', detail: w.since ? `since gunicorn ${w.since}` : undefined, start, end });
  if (spec.name === 'bind') {
    const seen = new Set<string>();
    for (const e of nginxEndpoints(ctx)) {
      const a = formatAddress(e.address);
      if (seen.has(a)) continue;
      seen.add(a);
      out.push({ label: q(a), kind: 'socket', detail: `nginx ${e.directive.name} connects here`, start, end, sortText: `0${a}` });
    }
  }
  return out;
}

/** gunicorn.conf.py: a setting name at the start of a line, or a value after `name = `. */
function confCompletion(ctx: FeatureContext, _path: string, text: string, offset: number, version: string | undefined): CompletionEntry[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const specs = settingsFor(version);
  const name = /^([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (name) {
    const rest = /^[A-Za-z0-9_]*/.exec(text.slice(offset))![0];
    return specs.map((s) => ({
      label: s.name,
      kind: 'setting' as const,
      detail: DESCRIPTIONS[s.name]?.split('. ')[0],
      documentation: settingMarkdown(s),
      insertText: `${s.name} = `,
      start: lineStart,
      end: offset + rest.length,
      retrigger: true,
    }));
  }
  const value = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\[\s*)?(["']?)([^"'\s]*)$/.exec(before);
  if (!value) return [];
  const spec = specs.find((s) => s.name === value[1]);
  if (!spec) return [];
  // Replace the string being typed, quotes included, so the proposal brings its own.
  const start = offset - value[4].length - value[3].length;
  const close = value[3] && text[offset] === value[3] ? 1 : 0;
  return valueEntries(ctx, spec, start, offset + close, true);
}
