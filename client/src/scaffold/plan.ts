/**
 * The editor-independent parts of "Create Deployment Files for This App": which questions remain
 * after what the caller gave, the choices offered, a first check of typed values (the server checks
 * the whole set again), and the messages shown at the end. No `vscode` import, so unit tests run
 * it with node.
 */
import type { ScaffoldAnswers, ScaffoldFileInfo, ScaffoldFinding, ScaffoldResult } from '../../../shared/src/protocol';

/** What `executeCommand('deploylens.scaffold', folder, options)` may pass (tests, other extensions). */
export interface ScaffoldOptions {
  /** Answers given in advance: those questions are not asked. */
  answers?: Partial<ScaffoldAnswers>;
  /** For files that exist: decided in advance instead of a modal question per file. */
  onExisting?: 'overwrite' | 'skip';
  /** Open the written files in editors (default true). */
  open?: boolean;
}

/** What the command returns: what it wrote and what it left alone (URI strings). */
export interface ScaffoldOutcome {
  target: string | null;
  written: string[];
  skipped: string[];
  findings: ScaffoldFinding[];
  /** Set when nothing was written because of a problem or a cancelled question. */
  stopped?: string;
}

/** The questions, in the order they are asked. */
export type Question = 'domain' | 'serverPath' | 'bind' | 'https';
export const QUESTIONS: readonly Question[] = ['domain', 'serverPath', 'bind', 'https'];

/** Reads the command's second argument; the explorer passes the selected URIs there, which are not options. */
export function parseOptions(arg: unknown): ScaffoldOptions {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return {};
  const o = arg as Record<string, unknown>;
  const out: ScaffoldOptions = {};
  if (typeof o.answers === 'object' && o.answers !== null) out.answers = o.answers as Partial<ScaffoldAnswers>;
  if (o.onExisting === 'overwrite' || o.onExisting === 'skip') out.onExisting = o.onExisting;
  if (typeof o.open === 'boolean') out.open = o.open;
  return out;
}

/** The questions still open after the answers given. */
export function openQuestions(given: Partial<ScaffoldAnswers>): Question[] {
  return QUESTIONS.filter((q) => given[q] === undefined);
}

/** A quick check of a typed value, for the input box; the server's check of the whole set is the authority. */
export function inputProblem(question: 'domain' | 'serverPath', value: string): string | undefined {
  const v = value.trim();
  if (question === 'domain') {
    if (v === '') return 'Give the name the site answers to, e.g. example.com (several: separated by spaces).';
    if (/[;{}'"$#/\\]/.test(v)) return 'A host name has no ; { } quotes $ # or slashes.';
    return undefined;
  }
  if (!v.startsWith('/')) return 'An absolute path on the server, e.g. /srv/myapp.';
  if (/\s/.test(v)) return 'nginx and systemd need a path without spaces.';
  return undefined;
}

/** A choice of a quick pick with the answer it stands for. */
export interface Choice<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/** The bind choices: the socket first (the gunicorn docs' setup). */
export function bindChoices(): Array<Choice<'socket' | 'port'>> {
  return [
    { label: 'Unix socket', description: '/run/gunicorn.sock', detail: 'gunicorn.socket listens on a unix socket only nginx (www-data) may use. Recommended.', value: 'socket' },
    { label: 'TCP port', description: '127.0.0.1:8000', detail: 'gunicorn.socket listens on the loopback; any local process can connect.', value: 'port' },
  ];
}

/** The HTTPS choices. */
export function httpsChoices(domain: string): Array<Choice<boolean>> {
  const first = domain.trim().split(/\s+/)[0] || 'example.com';
  return [
    { label: 'HTTP only', description: 'listen 80', detail: 'Add HTTPS later, e.g. with certbot --nginx.', value: false },
    { label: 'HTTPS with a Certbot certificate', description: 'listen 443 ssl; HTTP redirects', detail: `Uses /etc/letsencrypt/live/${first}/: run certbot for ${first} on the server first.`, value: true },
  ];
}

/** The prompt of the server path question: where the default comes from. */
export function serverPathPrompt(result: ScaffoldResult): string {
  const from = result.suggestions?.serverPathFrom;
  return `Where the app folder lives on the server (WorkingDirectory, alias paths)${from ? `; the default is the WorkingDirectory of ${from}` : ''}.`;
}

/** The prompt of the domain question. */
export function domainPrompt(result: ScaffoldResult): string {
  const from = result.suggestions?.domainFrom;
  return `The site's domain name (server_name)${from ? `; the default comes from ${from}` : ''}.`;
}

/** The answers from the given ones and the suggestions, once every question is answered. */
export function completeAnswers(given: Partial<ScaffoldAnswers>, result: ScaffoldResult): ScaffoldAnswers | undefined {
  if (given.domain === undefined || given.serverPath === undefined || given.bind === undefined || given.https === undefined) return undefined;
  const s = result.suggestions;
  return {
    ...(s?.user && given.user === undefined ? { user: s.user } : {}),
    ...(s?.group && given.group === undefined ? { group: s.group } : {}),
    ...(s?.venv && given.venv === undefined ? { venv: s.venv } : {}),
    ...given,
    domain: given.domain.trim(),
    serverPath: given.serverPath.trim(),
    bind: given.bind,
    https: given.https,
  };
}

/** The order to open written files in: the nginx site last, so it is the active editor. */
export function openOrder(files: readonly ScaffoldFileInfo[]): ScaffoldFileInfo[] {
  const rank: Record<ScaffoldFileInfo['kind'], number> = { 'gunicorn-config': 0, 'systemd-socket': 1, 'systemd-service': 2, nginx: 3 };
  return [...files].sort((a, b) => rank[a.kind] - rank[b.kind]);
}

/** The message shown at the end. */
export function summary(target: string, written: number, skipped: number, findings: readonly ScaffoldFinding[]): string {
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const head = written === 0 ? `DeployLens wrote no file for ${target}` : `DeployLens wrote ${files(written)} for ${target}`;
  const skip = skipped ? ` (${files(skipped)} kept as they were)` : '';
  if (findings.length === 0) return `${head}${skip}. The set passes DeployLens's checks.`;
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${head}${skip}. DeployLens reports ${errors} error${errors === 1 ? '' : 's'} and ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'} in it: see the Problems panel.`;
}
