/**
 * What the status-bar item shows, as a pure function of the client's state, so the unit tests can
 * check every case without an editor. extension.ts applies the result to a real StatusBarItem.
 */
import type { StatusParams } from '../../shared/src/protocol';

/** The inputs of the status item. */
export interface StatusInput {
  /** The last `deploylens/status` notification, or undefined if the server never sent one. */
  status: StatusParams | undefined;
  /** Counts of the diagnostics DeployLens published, over all files. */
  errors: number;
  warnings: number;
  /** The language client's state. */
  server: 'starting' | 'running' | 'stopped';
  /** VS Code workspace trust. */
  trusted: boolean;
}

/** What to show. `background` names a theme color id (statusBarItem.*Background) or none. */
export interface StatusView {
  text: string;
  tooltip: string;
  background: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground' | undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Computes the status-bar text, tooltip and background. */
export function statusView(input: StatusInput): StatusView {
  const deployments = input.status?.deployments ?? [];
  const tooltip: string[] = [];
  let label = 'DeployLens';
  if (deployments.length > 0) {
    label = deployments[0].label;
    if (deployments.length > 1) label += ` +${deployments.length - 1}`;
    for (const d of deployments) tooltip.push(`${d.label}${d.wsgiTarget ? ` (${d.wsgiTarget})` : ''}`);
  } else if (input.status) {
    tooltip.push('No nginx/gunicorn deployment detected in this workspace');
  }
  if (input.server === 'stopped') {
    return {
      text: '$(circle-slash) DeployLens',
      tooltip: 'The DeployLens language server is stopped. Click to restart it.',
      background: 'statusBarItem.warningBackground',
    };
  }
  const icon = input.server === 'starting' || input.status?.busy ? '$(sync~spin)' : input.errors > 0 ? '$(error)' : input.warnings > 0 ? '$(warning)' : '$(check)';
  const counts = input.errors + input.warnings > 0 ? ` ${input.errors}/${input.warnings}` : '';
  tooltip.push(`${plural(input.errors, 'error')}, ${plural(input.warnings, 'warning')} from DeployLens`);
  if (!input.trusted) tooltip.push('Restricted mode: files are only read; nginx, gunicorn and Python are never run');
  tooltip.push('Click to show the DeployLens output');
  return {
    text: `${icon} ${label}${counts}${input.trusted ? '' : ' $(shield)'}`,
    tooltip: tooltip.join('\n'),
    background: input.errors > 0 ? 'statusBarItem.errorBackground' : undefined,
  };
}
