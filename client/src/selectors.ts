/**
 * Which files the extension hands to the language server, as plain data (no `vscode` import) so the
 * unit tests can check them. The server classifies files by path and content itself
 * (server/src/project/discover.ts); this list only decides which open editors it hears about.
 */

/** A document filter in the shape of vscode's DocumentFilter / LSP's TextDocumentFilter. */
export interface DocumentFilterData {
  language?: string;
  scheme?: string;
  pattern?: string;
}

/** Deployment files recognised by name, whatever language mode the editor gave them. */
export const DEPLOYMENT_FILE_GLOBS: readonly string[] = [
  '**/gunicorn*.py',
  '**/{Procfile,Procfile.*}',
  '**/{Dockerfile,Dockerfile.*,*.dockerfile,Containerfile}',
  '**/*.{service,socket}',
  '**/{supervisord.conf,supervisor/**/*.conf,supervisor/**/*.ini}',
  '**/{sites-available,sites-enabled,conf.d,nginx,snippets}/**',
  '**/{nginx.conf,proxy_params,uwsgi_params,*.nginx,*.nginxconf}',
];

/**
 * The document selector of the language client: the languages the extension contributes (any
 * scheme, so an untitled nginx buffer is checked too) plus the named files on disk.
 */
export const DOCUMENT_SELECTOR: readonly DocumentFilterData[] = [
  { language: 'nginx' },
  { language: 'systemd-unit' },
  ...DEPLOYMENT_FILE_GLOBS.map((pattern) => ({ scheme: 'file', pattern })),
];

/**
 * Files whose change on disk the server must hear about even when no editor shows them: deployment
 * files, and the Python sources and env files the app checks read (a renamed `create_app` or a moved
 * static folder changes the findings of an nginx file).
 */
export const WATCHED_FILES_GLOB = '**/{*.py,*.service,*.socket,*.conf,*.env,.env,Procfile,Procfile.*,Dockerfile,Dockerfile.*,sites-available/*,sites-enabled/*,proxy_params,settings.json,deploylens.json}';

/** Folders never searched by the "Check Workspace" fallback (matches the server's discovery skip list). */
export const EXCLUDE_GLOB = '**/{.git,node_modules,__pycache__,.venv,venv,.tox,dist,build,.vscode-test,site-packages,staticfiles}/**';
