/**
 * Hover in files that configure or start gunicorn: a setting name in gunicorn.conf.py or an option
 * on a command line shows the setting (type, default, flags) and its effective value in each
 * instance with where it came from; a bind address shows which nginx lines proxy to it.
 */
import type { FeatureContext } from '../context';
import type { HoverResult } from '../types';
import { settingByName, settingsFor, type GunicornSettingSpec } from '../../gunicorn/catalog';
import { effectiveMarkdown, instancesFor, settingMarkdown } from './settingDocs';
import { commandCursor } from './commandLine';
import { workspaceBinds } from './binds';
import { endpointHover } from '../nginx/hover';
import { parseBindAddress } from '../endpoints';

/** The hover at `offset`, or undefined. */
export function gunicornHover(ctx: FeatureContext, path: string, offset: number): HoverResult | undefined {
  const text = ctx.host.readFile(path);
  if (text === undefined) return undefined;
  for (const b of workspaceBinds(ctx)) {
    if (b.file !== path || offset < b.start || offset > b.end) continue;
    const address = parseBindAddress(b.address, b.socketPath);
    if (address) return { markdown: endpointHover(ctx, path, address), start: b.start, end: b.end };
  }
  const version = ctx.settings.gunicornVersion || undefined;
  if (ctx.kindOf(path) === 'gunicorn-config') {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(text.slice(lineStart));
    if (!m || offset > lineStart + m[1].length) return undefined;
    const spec = settingByName(m[1]);
    if (!spec) return undefined;
    return { markdown: settingMarkdown(spec) + effectiveMarkdown(ctx, spec.name, instancesFor(ctx, path)), start: lineStart, end: lineStart + m[1].length };
  }
  const cur = commandCursor(text, offset);
  if (!cur || cur.index >= cur.args.length) return undefined;
  const w = cur.args[cur.index];
  if (!w.value.startsWith('-')) return undefined;
  const flag = w.value.includes('=') ? w.value.slice(0, w.value.indexOf('=')) : w.value;
  const spec = optionSpec(flag, settingsFor(version));
  if (!spec) return undefined;
  return { markdown: settingMarkdown(spec) + effectiveMarkdown(ctx, spec.name, instancesFor(ctx, path)), start: w.start, end: w.start + flag.length };
}

/** The setting an option names: exact, a short option with its value glued on (`-w3`), or an unambiguous prefix (`--bi`). */
export function optionSpec(flag: string, specs: readonly GunicornSettingSpec[]): GunicornSettingSpec | undefined {
  const exact = specs.find((s) => s.cli.includes(flag));
  if (exact) return exact;
  if (!flag.startsWith('--') && flag.length > 2) return specs.find((s) => s.cli.includes(flag.slice(0, 2)));
  const matches = specs.filter((s) => s.cli.some((c) => c.startsWith('--') && c.startsWith(flag)));
  return matches.length === 1 ? matches[0] : undefined;
}
