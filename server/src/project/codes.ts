/**
 * Every finding code DeployLens knows, with its usual severity and one line of description: for SARIF
 * rule metadata, settings UIs and the docs. Each part of the core keeps its own table; this joins them.
 */
import type { Severity } from '../common/diagnostics';
import { NGINX_CODES } from '../nginx/codes';
import { RULES } from '../checks/index';

export interface CodeInfo {
  id: string;
  severity: Severity;
  description: string;
}

let table: Map<string, CodeInfo> | undefined;

function build(): Map<string, CodeInfo> {
  const t = new Map<string, CodeInfo>();
  for (const [id, info] of Object.entries(NGINX_CODES)) t.set(id, { id, ...info });
  for (const r of RULES) t.set(r.id, { id: r.id, severity: r.severity, description: r.description });
  return t;
}

/** The description of a code, when one of the tables has it. */
export function codeInfo(id: string): CodeInfo | undefined {
  return (table ??= build()).get(id);
}

/** Every known code, sorted by id. */
export function allCodes(): CodeInfo[] {
  return [...(table ??= build()).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The documentation page of a code, relative to the repository root. */
export function docPath(id: string): string {
  return `docs/rules/${id}.md`;
}
