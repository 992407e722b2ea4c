import type { ProjectHost } from '../common/host';
import { setOwn } from '../common/own';
import { posix } from 'node:path';
import { defaultSettings, type DeployLensSettings, type RuleSeverity } from '../../../shared/src/settings';

const SEVERITIES = new Set<RuleSeverity>(['off', 'hint', 'information', 'warning', 'error']);

/**
 * Reads the settings the extension would use for a workspace, for the CLI: `deploylens.json` at
 * the root (keys without the `deploylens.` prefix), else the `deploylens.*` keys of
 * `.vscode/settings.json` (JSON with comments). Unknown or ill-typed values are dropped with a message.
 */
export function readWorkspaceSettings(host: ProjectHost, root: string): { settings: DeployLensSettings; messages: string[] } {
  const messages: string[] = [];
  // No prototype: a key `__proto__` in deploylens.json (or `deploylens.__proto__`) stays a key, never
  // the prototype that `rules` and the other settings would be inherited from.
  const raw = Object.create(null) as Record<string, unknown>;
  const own = host.readFile(posix.join(root, 'deploylens.json'));
  if (own !== undefined) {
    const parsed = parseJsonc(own);
    if (parsed && typeof parsed === 'object') Object.assign(raw, parsed);
    else messages.push('deploylens.json: not a JSON object; ignored');
  } else {
    const vs = host.readFile(posix.join(root, '.vscode', 'settings.json'));
    if (vs !== undefined) {
      const parsed = parseJsonc(vs);
      if (parsed && typeof parsed === 'object') {
        for (const [k, v] of Object.entries(parsed)) if (k.startsWith('deploylens.')) raw[k.slice('deploylens.'.length)] = v;
      } else messages.push('.vscode/settings.json: not a JSON object; ignored');
    }
  }
  return { settings: normalizeSettings(raw, messages), messages };
}

/** Turns loosely typed input (from JSON or the editor) into DeployLensSettings, keeping only well-typed values. */
export function normalizeSettings(raw: Record<string, unknown>, messages: string[] = []): DeployLensSettings {
  const s: DeployLensSettings = structuredClone(defaultSettings);
  const rules = raw.rules;
  if (rules && typeof rules === 'object') {
    for (const [id, sev] of Object.entries(rules as Record<string, unknown>)) {
      if (typeof sev === 'string' && SEVERITIES.has(sev as RuleSeverity)) setOwn(s.rules, id, sev as RuleSeverity);
      else messages.push(`rules.${id}: severity must be one of off|hint|information|warning|error`);
    }
  }
  if (Array.isArray(raw.files)) s.files = raw.files.filter((f): f is string => typeof f === 'string');
  if (raw.pathMappings && typeof raw.pathMappings === 'object') {
    for (const [k, v] of Object.entries(raw.pathMappings as Record<string, unknown>)) if (typeof v === 'string') setOwn(s.pathMappings, k, v);
  }
  if (typeof raw.nginxVersion === 'string') s.nginxVersion = raw.nginxVersion;
  if (typeof raw.gunicornVersion === 'string') s.gunicornVersion = raw.gunicornVersion;
  return s;
}

/** Parses JSON with comments and trailing commas (the settings.json dialect); undefined when it is not JSON. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return undefined;
  }
}
