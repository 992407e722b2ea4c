/**
 * Log directives: `access_log path format` needs a `log_format` read earlier (nginx looks the name
 * up while parsing; `combined` is built in for http), and `error_log` levels must be real levels.
 */
import type { Rule, RuleContext } from './rule';

/** Levels `error_log` accepts (ngx_log_set_levels; the debug_* ones need a --with-debug build, as Debian's is). */
export const LOG_LEVELS: ReadonlySet<string> = new Set([
  'debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg',
  'debug_core', 'debug_alloc', 'debug_mutex', 'debug_event', 'debug_http', 'debug_mail', 'debug_stream',
]);

/** The rule. */
export function logsRule(ctx: RuleContext): Rule {
  const formats = { http: new Set(['combined']), stream: new Set<string>() };
  return {
    names: ['log_format', 'access_log', 'error_log'],
    directive(v) {
      const d = v.directive;
      const family = v.context?.startsWith('stream') ? 'stream' : v.context === 'mail' || v.context === 'mail server' ? undefined : 'http';
      if (d.name === 'log_format' && family && d.args[0]) {
        formats[family].add(d.args[0].value);
        return;
      }
      if (d.name === 'access_log' && family && d.args.length >= 2 && d.args[0].value !== 'off') {
        const name = d.args[1].value;
        if (formats[family].has(name)) return;
        // The main config (not in the workspace) may define it before including this file.
        const severity = ctx.complete ? 'error' : 'hint';
        const note = name.includes('=') ? ` (the second argument of access_log is the format name; write "${d.args[0].value} combined ${name}")` : '';
        ctx.report(v, d.args[1], severity, 'nginx-unknown-log-format', `unknown log format "${name}"${note}${severity === 'hint' ? '; it must be defined by log_format before this line, in a file not in the workspace' : ''}`);
        return;
      }
      if (d.name === 'error_log' && d.args.length >= 2) {
        for (const level of d.args.slice(1)) {
          if (LOG_LEVELS.has(level.value) || level.value === 'json') continue;
          ctx.report(v, level, 'error', 'nginx-invalid-log-level', `invalid log level "${level.value}" (one of ${[...LOG_LEVELS].slice(0, 8).join(', ')})`);
          break;
        }
      }
    },
  };
}
