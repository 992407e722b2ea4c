/**
 * Markdown for a gunicorn setting: what it does, its type, default, command-line flags, the
 * releases that have it, and, for each gunicorn instance of the workspace, its effective value
 * and where that value came from (command line, GUNICORN_CMD_ARGS, config file, environment, default).
 */
import { posix } from 'node:path';
import type { FeatureContext } from '../context';
import type { GunicornSettingSpec } from '../../gunicorn/catalog';
import { DESCRIPTIONS } from '../../gunicorn/descriptions';
import type { GunicornInstance } from '../../gunicorn/index';
import { LineIndex } from '../../common/text';

const ORIGIN: Record<string, string> = {
  default: "gunicorn's default",
  environment: 'an environment variable',
  config: 'the config file',
  GUNICORN_CMD_ARGS: 'GUNICORN_CMD_ARGS',
  'command-line': 'the command line',
  'socket-activation': 'socket activation',
};

function show(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return JSON.stringify(v);
  return JSON.stringify(v);
}

/** The static part: description, type, default, flags, availability. */
export function settingMarkdown(spec: GunicornSettingSpec): string {
  const lines = [`**${spec.name}** (gunicorn setting, ${spec.section})`, ''];
  const about = DESCRIPTIONS[spec.name];
  if (about) lines.push(about, '');
  const type = spec.kind === 'choice' && spec.choices ? `one of ${spec.choices.map((c) => `\`${c}\``).join(', ')}` : `\`${spec.kind}\``;
  lines.push(`**Type:** ${type}  `);
  lines.push(`**Default:** \`${spec.defaultIsDoc ? String(spec.default) : show(spec.default)}\`${spec.envDefault ? ` (or from \`$${spec.envDefault}\`)` : ''}  `);
  lines.push(spec.cli.length > 0 ? `**Flags:** ${spec.cli.map((f) => `\`${f}${spec.meta ? ` ${spec.meta}` : ''}\``).join(', ')}  ` : '**Flags:** none (config file only)  ');
  if (spec.since) lines.push(`**Since:** gunicorn ${spec.since}  `);
  if (spec.removedIn) lines.push(`**Removed in:** gunicorn ${spec.removedIn}  `);
  lines.push('', `[gunicorn documentation](https://docs.gunicorn.org/en/stable/settings.html#${spec.name.replace(/_/g, '-')})`);
  return lines.join('\n');
}

/** The effective value of `name` in each instance (those reading `file` first when given). */
export function effectiveMarkdown(ctx: FeatureContext, name: string, instances: readonly GunicornInstance[]): string {
  if (instances.length === 0) return '';
  const lines = ['', '**Effective value**', ''];
  for (const i of instances.slice(0, 6)) {
    const s = i.settings[name];
    if (!s) continue;
    const value = s.value === undefined ? `unknown (${s.unknown?.reason ?? 'not in the files'}${s.unknown?.detail ? `: ${s.unknown.detail}` : ''})` : `\`${show(s.value)}\``;
    let where = ORIGIN[s.origin] ?? s.origin;
    if (s.source) {
      const line = new LineIndex(ctx.host.readFile(s.source.file) ?? '').humanAt(s.source.start).line;
      where += `, ${posix.basename(s.source.file)} line ${line}`;
    }
    lines.push(`- ${instanceName(i)}: ${value} (from ${where})`);
  }
  return lines.length > 3 ? lines.join('\n') : '';
}

/** How an instance is named in messages: unit, program or process type, and its file. */
export function instanceName(i: GunicornInstance): string {
  const base = posix.basename(i.file);
  return i.name && i.name !== base ? `${i.name} (${base})` : base;
}

/** The instances that read a file (as launcher or config file), else every instance. */
export function instancesFor(ctx: FeatureContext, file: string): readonly GunicornInstance[] {
  const all = ctx.gunicorn();
  const own = all.filter((i) => i.file === file || i.configFile?.file === file || i.range.file === file);
  return own.length > 0 ? own : all;
}
