import type { ProjectHost } from '../common/host';
import type { Finding, Severity, TextEdit } from '../common/diagnostics';
import type { DeploymentModel } from '../project/model';
import type { ProxyTarget } from '../project/proxies';

/** What every rule gets: the model, the host (to read texts for fixes), and facts computed once. */
export interface RuleContext {
  model: DeploymentModel;
  host: ProjectHost;
  proxies: ProxyTarget[];
}

/**
 * A cross-file rule: a stable kebab-case id (also its doc page `docs/rules/<id>.md`), a default
 * severity, one line saying what it catches, and the check. Findings carry their fixes.
 */
export interface Rule {
  id: string;
  severity: Severity;
  description: string;
  check(ctx: RuleContext): Finding[];
}

/**
 * An edit that replaces `oldValue` by `newValue` inside the source range `[start, end)` of `file`,
 * when the range's text holds `oldValue` exactly once (so quotes and neighbours stay as they are).
 */
export function replaceInRange(host: ProjectHost, file: string, start: number, end: number, oldValue: string, newValue: string): TextEdit | undefined {
  const text = host.readFile(file);
  if (text === undefined || oldValue === '') return undefined;
  const slice = text.slice(start, end);
  const at = slice.indexOf(oldValue);
  if (at < 0 || slice.indexOf(oldValue, at + 1) >= 0) return undefined;
  return { file, start: start + at, end: start + at + oldValue.length, newText: newValue };
}

/** `file:line` for messages (1-based line). */
export function where(host: ProjectHost, file: string, offset: number, root?: string): string {
  const text = host.readFile(file) ?? '';
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  const shown = root && file.startsWith(root + '/') ? file.slice(root.length + 1) : file;
  return `${shown}:${line}`;
}
