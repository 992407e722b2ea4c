/**
 * Every finding code the nginx part reports, with the severity it is usually reported at and one
 * line for settings UIs and docs. Severities of reference checks depend on whether the config is
 * whole (`error`) or a fragment (`hint`); the table gives the whole-config one. A test asserts
 * that every code the checker emits is listed here.
 */
import type { Severity } from '../common/diagnostics';

/** One code: its usual severity and what it means. */
export interface NginxCodeInfo {
  severity: Severity;
  description: string;
}

/** The codes, by name. */
export const NGINX_CODES: Readonly<Record<string, NginxCodeInfo>> = {
  // Syntax (reported by the parser).
  'nginx-missing-semicolon': { severity: 'error', description: 'A statement ends without ";" (nginx: unexpected "}" or end of file).' },
  'nginx-unclosed-block': { severity: 'error', description: 'A "{" is never closed (nginx: unexpected end of file, expecting "}").' },
  'nginx-unexpected-brace': { severity: 'error', description: 'A "}" closes nothing (nginx: unexpected "}").' },
  'nginx-unexpected-semicolon': { severity: 'error', description: 'A ";" with no directive before it.' },
  'nginx-unexpected-character': { severity: 'error', description: 'A character nginx does not accept there.' },
  'nginx-empty-directive': { severity: 'error', description: 'A block with no directive name before its "{".' },
  'nginx-unterminated-string': { severity: 'error', description: 'A quoted string that never ends.' },
  'nginx-word-too-long': { severity: 'error', description: 'A word longer than nginx reads in one buffer.' },
  'nginx-nesting-too-deep': { severity: 'error', description: 'Blocks nested so deep that their contents are not checked.' },
  'nginx-too-many-errors': { severity: 'error', description: 'Syntax errors after the first hundred are not listed.' },
  // Files and includes.
  'nginx-include-missing': { severity: 'error', description: 'An include names a file that does not exist (a hint when it lives on the server, outside the workspace).' },
  'nginx-include-not-file': { severity: 'error', description: 'An include names a directory or another non-file.' },
  'nginx-include-cycle': { severity: 'error', description: 'Files include each other in a cycle.' },
  'nginx-include-too-many': { severity: 'warning', description: 'More files are included than the checker reads (1000).' },
  'nginx-binary-file': { severity: 'error', description: 'A binary file (with NUL bytes) is used as configuration.' },
  'nginx-file-too-large': { severity: 'warning', description: 'A file over 16 MB is not checked.' },
  'nginx-encoding': { severity: 'warning', description: 'A file is not valid UTF-8.' },
  // Directives.
  'nginx-unknown-directive': { severity: 'error', description: 'No nginx module defines the directive (with a "did you mean" fix).' },
  'nginx-third-party-directive': { severity: 'warning', description: 'The directive needs a third-party module to be loaded.' },
  'nginx-directive-not-allowed': { severity: 'error', description: 'The directive is not allowed in this block.' },
  'nginx-invalid-args': { severity: 'error', description: 'Wrong number of arguments (often a forgotten ";" on the line before).' },
  'nginx-invalid-flag': { severity: 'error', description: 'A flag directive takes "on" or "off".' },
  'nginx-block-expected': { severity: 'error', description: 'A block directive is written without "{".' },
  'nginx-block-unexpected': { severity: 'error', description: 'A simple directive is given a block.' },
  'nginx-suspicious-line-break': { severity: 'warning', description: 'A directive name on a new line is read as an argument of the line before (missing ";").' },
  'nginx-duplicate-directive': { severity: 'error', description: 'A single-value directive is set twice in one block.' },
  'nginx-root-and-alias': { severity: 'error', description: '"root" and "alias" in one location.' },
  'nginx-duplicate-location': { severity: 'error', description: 'Two locations with the same match in one block.' },
  // listen.
  'nginx-listen-invalid-address': { severity: 'error', description: 'A listen address or port nginx cannot parse.' },
  'nginx-listen-invalid-parameter': { severity: 'error', description: 'An unknown listen parameter (such as "spdy").' },
  'nginx-listen-duplicate': { severity: 'error', description: 'The same address twice in one server.' },
  'nginx-listen-duplicate-default': { severity: 'error', description: 'Two default servers for one address.' },
  'nginx-listen-duplicate-options': { severity: 'error', description: 'Socket options given on more than one listen of an address.' },
  'nginx-ssl-no-certificate': { severity: 'error', description: 'The default server of a TLS address has no ssl_certificate.' },
  // References and values.
  'nginx-unknown-log-format': { severity: 'error', description: 'access_log names a format no earlier log_format defines.' },
  'nginx-invalid-log-level': { severity: 'error', description: 'error_log with a level that does not exist.' },
  'nginx-unknown-variable': { severity: 'error', description: 'A variable no module, set, map or geo defines.' },
  'nginx-duplicate-variable': { severity: 'error', description: 'A map or geo redefines a built-in variable.' },
  'nginx-unknown-zone': { severity: 'error', description: 'A limit_req/limit_conn/proxy_cache zone no *_zone/*_cache_path defines.' },
  'nginx-unknown-upstream': { severity: 'warning', description: 'proxy_pass names neither an upstream nor a host nginx is known to resolve (an error when it is one typo away from an upstream).' },
  'nginx-invalid-port': { severity: 'error', description: 'An upstream address with a port that is not a number.' },
  'nginx-pass-invalid-url': { severity: 'error', description: 'A proxy_pass/grpc_pass/uwsgi_pass address with a wrong scheme or no socket path.' },
  'nginx-pass-unix-trailing-slash': { severity: 'error', description: 'proxy_pass http://unix:/x.sock/ : the socket path ends with "/" (every request fails with 502).' },
  'nginx-pass-uri-not-allowed': { severity: 'error', description: 'proxy_pass with a URI part in a regex or named location, if, or limit_except.' },
  'nginx-deprecated': { severity: 'warning', description: 'A directive nginx still accepts but warns about (ssl on, obsolete http2_* settings).' },
  'nginx-conflicting-server-name': { severity: 'warning', description: 'Two servers claim the same name on one address; nginx ignores the second.' },
  'nginx-invalid-condition': { severity: 'error', description: 'An if condition nginx cannot read (parentheses, operator, operands).' },
  'nginx-invalid-regex': { severity: 'error', description: 'A regular expression PCRE2 cannot compile (nginx: pcre2_compile() failed).' },
  'nginx-invalid-value': { severity: 'error', description: 'A size, time, return code, rewrite flag, error_page or try_files code nginx cannot parse.' },
  'nginx-mail-ssl-conflict': { severity: 'error', description: '"ssl on" and "starttls" in one mail block.' },
};
