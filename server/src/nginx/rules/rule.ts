/**
 * What every nginx check is: hooks on the one configuration walk (`walk.ts`), plus a `finish`
 * for checks that can only decide at the end (a duplicate default server needs every server).
 */
import type { Finding, Fix, Severity } from '../../common/diagnostics';
import type { Span } from '../ast';
import type { NginxConfig } from '../config';
import type { Visit, WalkHooks } from '../walk';

/** What a rule may use. */
export interface RuleContext {
  config: NginxConfig;
  /**
   * True when the configuration is whole: a main config whose includes were all found. Only then
   * can a rule say that something (a log format, a variable, a certificate) is defined nowhere;
   * otherwise the server's own nginx.conf may define it, and the rule says so as a hint.
   */
  complete: boolean;
  /** Reports a problem at `span` of the visited directive's file (or at the include that brought a Debian file in). */
  report(v: Visit, span: Span, severity: Severity, code: string, message: string, fixes?: Fix[], tags?: Finding['tags']): void;
}

/** One check over the walk. */
export interface Rule extends WalkHooks {
  /** When set, `directive` hears of the directives with these names only (the walk skips the call for the others). */
  names?: readonly string[];
  finish?(): void;
}

/** Builds a rule for one run (rules keep per-run state in closures). */
export type RuleFactory = (ctx: RuleContext) => Rule;
