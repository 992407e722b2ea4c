/**
 * Validation of a loaded configuration: parse errors of every file, then one walk with every
 * rule attached. Returns findings with stable codes; nothing here reads files or throws.
 */
import type { Finding } from '../common/diagnostics';
import { compareFindings, dedupeFindings } from '../common/diagnostics';
import type { NginxFile, ParseError } from './ast';
import type { NginxConfig } from './config';
import { isBuiltinFile } from './includes';
import { lineOf } from './lines';
import { conditionsRule } from './rules/conditions';
import { deprecatedRule } from './rules/deprecated';
import { directiveRule } from './rules/directives';
import { duplicatesRule } from './rules/duplicates';
import { listenRule } from './rules/listen';
import { logsRule } from './rules/logs';
import { mailRule } from './rules/mail';
import { passesRule } from './rules/passes';
import { referencesRule } from './rules/references';
import { regexesRule } from './rules/regexes';
import { upstreamsRule } from './rules/upstreams';
import { valuesRule } from './rules/values';
import { variablesRule } from './rules/variables';
import type { Rule, RuleContext, RuleFactory } from './rules/rule';
import { walkConfig, type Visit } from './walk';

/** The rules run by `validateConfig`, in order. */
export const RULES: readonly RuleFactory[] = [directiveRule, listenRule, duplicatesRule, logsRule, variablesRule, upstreamsRule, passesRule, referencesRule, conditionsRule, regexesRule, valuesRule, mailRule, deprecatedRule];

/** Options of `validateConfig`. */
export interface ValidateOptions {
  /** Rules to run instead of `RULES` (tests run one at a time). */
  rules?: readonly RuleFactory[];
}

/** True when the configuration is a main config and every include it names was found. */
export function isComplete(config: NginxConfig): boolean {
  return config.context === 'main' && !config.findings.some((f) => f.code === 'nginx-include-missing' && f.severity === 'hint');
}

/** Every problem of the configuration's files (loading findings not included; see `checkNginx`). */
export function validateConfig(config: NginxConfig, options: ValidateOptions = {}): Finding[] {
  const out: Finding[] = [];
  for (const file of config.files.values()) {
    if (isBuiltinFile(file)) continue;
    for (const e of file.errors) out.push(parseErrorFinding(file, e));
  }

  const ctx: RuleContext = {
    config,
    complete: isComplete(config),
    report(v: Visit, span, severity, code, message, fixes, tags) {
      if (isBuiltinFile(v.file)) {
        // Debian's own files are not in the workspace: show the problem on the include that brought them.
        if (!v.anchor) return;
        const line = lineOf(v.file, span.start);
        const at = v.anchor.directive;
        out.push({ file: v.anchor.file.path, start: at.start, end: at.end, severity, code, message: `${v.file.path}:${line}: ${message}` });
        return;
      }
      out.push({ file: v.file.path, start: span.start, end: span.end, severity, code, message, ...(fixes && fixes.length ? { fixes } : {}), ...(tags ? { tags } : {}) });
    },
  };
  const rules = (options.rules ?? RULES).map((make) => make(ctx));
  // A rule that throws (a bug, on some input nobody foresaw) is reported once and stops; the
  // other rules and the rest of the analysis go on.
  let live: readonly Rule[] = rules;
  // The rules that hear of a directive, by its name, in the rules' order.
  let byName = new Map<string, Rule[]>();
  const listeners = (name: string): Rule[] => {
    let list = byName.get(name);
    if (!list) byName.set(name, (list = live.filter((r) => r.directive !== undefined && (r.names === undefined || r.names.includes(name)))));
    return list;
  };
  const fail = (rule: Rule, e: unknown): void => {
    if (!live.includes(rule)) return;
    live = live.filter((r) => r !== rule);
    byName = new Map();
    out.push({ file: config.main.path, start: 0, end: 0, severity: 'warning', code: 'deploylens-internal', message: `an nginx check failed and was skipped: ${e instanceof Error ? e.message : String(e)}` });
  };
  walkConfig(config, {
    directive: (v) => {
      for (const r of listeners(v.directive.name)) {
        try {
          r.directive!(v);
        } catch (e) {
          fail(r, e);
        }
      }
    },
    block: (owner, children) => {
      for (const r of live) {
        if (r.block === undefined) continue;
        try {
          r.block(owner, children);
        } catch (e) {
          fail(r, e);
        }
      }
    },
  });
  for (const r of live) {
    if (r.finish === undefined) continue;
    try {
      r.finish();
    } catch (e) {
      fail(r, e);
    }
  }
  return dedupe(out);
}

/**
 * A parse error as a finding. A missing `;` before `}` is where nginx stops with
 * `unexpected "}"`: the finding then reaches to that brace, so that both the forgotten `;` and
 * the line nginx names are under the squiggle.
 */
function parseErrorFinding(file: NginxFile, e: ParseError): Finding {
  const f: Finding = { file: file.path, start: e.start, end: e.end, severity: 'error', code: e.code, message: e.message };
  if (e.code === 'nginx-missing-semicolon') {
    const rest = /^(?:\s|#[^\n]*)*\}/.exec(file.text.slice(e.end, e.end + 4096));
    if (rest) {
      f.end = e.end + rest[0].length;
      f.message += ' (nginx: unexpected "}")';
    }
  }
  return f;
}

/** Drops repeats (a file included from two places reports its problems once) and sorts. */
export function dedupe(findings: Finding[]): Finding[] {
  return dedupeFindings(findings).sort(compareFindings);
}
