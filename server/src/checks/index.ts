/**
 * The cross-file rules, in the order they run. Each is one file; `runChecks` gives them the model and
 * the facts they share, and isolates them: a rule that throws is reported, not fatal.
 */
import type { ProjectHost } from '../common/host';
import type { Finding } from '../common/diagnostics';
import { runSteps, type Steps } from '../common/steps';
import type { DeploymentModel } from '../project/model';
import { proxyTargets } from '../project/proxies';
import type { Rule, RuleContext } from './rule';
import { proxyTargetNotBound } from './proxyTargetNotBound';
import { bindNotProxied } from './bindNotProxied';
import { proxyPassRelativeSocket } from './proxyPassRelativeSocket';
import { staticAliasNoSlash } from './staticAliasNoSlash';
import { staticRootAsAlias } from './staticRootAsAlias';
import { staticDirMismatch } from './staticDirMismatch';
import { staticAliasTraversal } from './staticAliasTraversal';
import { staticShadowedByRegex } from './staticShadowedByRegex';
import { staticNotServed } from './staticNotServed';
import { staticLocationNoSlash } from './staticLocationNoSlash';
import { homeDirPermission } from './homeDirPermission';
import { hostNotForwarded } from './hostNotForwarded';
import { allowedHostsMismatch } from './allowedHostsMismatch';
import { proxyParamsNotInImage } from './proxyParamsNotInImage';
import { forwardedProtoMissing } from './forwardedProtoMissing';
import { forwardedProtoUntrusted } from './forwardedProtoUntrusted';
import { noWorkingDirectory } from './noWorkingDirectory';
import { socketPrivateTmp } from './socketPrivateTmp';
import { socketPermission } from './socketPermission';
import { proxyTimeoutShort } from './proxyTimeoutShort';
import { bodySizeMismatch } from './bodySizeMismatch';
import { uwsgiPassToGunicorn } from './uwsgiPassToGunicorn';
import { SECURITY_RULES } from './security/index';
import { readOnce } from './readCache';

export type { Rule, RuleContext } from './rule';

/** Every cross-file rule. */
export const RULES: readonly Rule[] = [
  proxyTargetNotBound,
  bindNotProxied,
  // proxy_pass forms
  proxyPassRelativeSocket,
  // static files
  staticAliasNoSlash,
  staticRootAsAlias,
  staticDirMismatch,
  staticAliasTraversal,
  staticShadowedByRegex,
  staticNotServed,
  staticLocationNoSlash,
  homeDirPermission,
  // headers
  hostNotForwarded,
  allowedHostsMismatch,
  proxyParamsNotInImage,
  forwardedProtoMissing,
  forwardedProtoUntrusted,
  // the gunicorn process and its socket
  noWorkingDirectory,
  socketPrivateTmp,
  socketPermission,
  // limits and protocols
  proxyTimeoutShort,
  bodySizeMismatch,
  uwsgiPassToGunicorn,
  // security and best practice (nginx alone)
  ...SECURITY_RULES,
];

/** Runs the rules over a model; returns their findings (an internal failure of a rule becomes a finding too). */
export function runChecks(model: DeploymentModel, host: ProjectHost, rules: readonly Rule[] = RULES): Finding[] {
  return runSteps(runChecksSteps(model, host, rules));
}

/** `runChecks`, pausing after each rule. */
export function* runChecksSteps(model: DeploymentModel, host: ProjectHost, rules: readonly Rule[] = RULES): Steps<Finding[]> {
  // Every file is read once per run: fixes re-read their file for each finding.
  const ctx: RuleContext = { model, host: readOnce(host), proxies: proxyTargets(model.nginx) };
  const out: Finding[] = [];
  for (const rule of rules) {
    try {
      out.push(...rule.check(ctx));
    } catch (e) {
      out.push({ file: model.root, start: 0, end: 0, severity: 'warning', code: 'deploylens-internal', message: `rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
    yield;
  }
  return out;
}

