// Lint: typescript-eslint's recommended rules, plus the layering rule of ARCHITECTURE.md:
// the analysis core (nginx, gunicorn, python, project, checks, common) never imports the editor,
// the LSP transport or the file system; files come through the ProjectHost interface.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const forbidden = ['vscode', 'vscode-*', 'vscode-*/**', 'fs', 'fs/*', 'node:fs', 'node:fs/*', 'child_process', 'node:child_process'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '**/*.generated.ts', 'test-artifacts/**', 'examples/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { fetch: 'readonly', AbortSignal: 'readonly', process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', performance: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', globalThis: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['server/src/{nginx,gunicorn,python,project,checks,common}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: forbidden, message: 'The analysis core reads files only through ProjectHost (server/src/common/host.ts) and never imports the editor or the LSP transport.' }] },
      ],
    },
  },
);
