/**
 * DeployLens settings (`deploylens.*`), shared by the extension, the language server and the CLI
 * (which reads them from `.vscode/settings.json` or `deploylens.json`). package.json's
 * `contributes.configuration` declares the same keys; a test checks they agree.
 */
export type RuleSeverity = 'off' | 'hint' | 'information' | 'warning' | 'error';

export interface DeployLensSettings {
  /** Per-rule severity overrides, by rule id. */
  rules: Record<string, RuleSeverity>;
  /** Deployment files named explicitly (workspace-relative globs); empty: discover them. */
  files: string[];
  /** Server path -> workspace folder (workspace-relative), e.g. {"/home/ubuntu/projects/myproject": "."}. */
  pathMappings: Record<string, string>;
  /** nginx version to assume for "newer than" checks, e.g. "1.22.1"; empty: current nginx. */
  nginxVersion: string;
  /** gunicorn version to assume, e.g. "20.1.0"; empty: the newest in the catalog. */
  gunicornVersion: string;
}

/** The defaults every reader starts from. */
export const defaultSettings: DeployLensSettings = {
  rules: {},
  files: [],
  pathMappings: {},
  nginxVersion: '',
  gunicornVersion: '',
};
