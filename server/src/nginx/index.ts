/**
 * The nginx part of the analysis core, for the rest of the project: load a configuration
 * (`loadNginxConfig`), check it (`checkNginx`), and look directives up in the catalog.
 * The CLI and the language server call exactly these two entry points.
 */
import type { Finding } from '../common/diagnostics';
import type { NginxConfig } from './config';
import { dedupe, validateConfig, type ValidateOptions } from './validate';

export { parseNginx } from './parser';
export { loadNginxConfig, isBuiltinFile, readConfigFile, MAX_INCLUDED_FILES, type LoadOptions } from './includes';
export { inferContext, directiveContextOf } from './context';
export { allowedIn, argCountIn, directiveNames, getDirective, getDirectives, isDirectiveName, specIn, suggest } from './catalog';
export type { DirectiveContext, DirectiveSpec } from './directiveSpec';
export { argCountOf, type ArgCount } from './argcounts';
export { DEBIAN_CONF_DIR, DEBIAN_NGINX_FILES, debianFile } from './debian';
export { walkConfig, childContext, type Visit, type WalkHooks } from './walk';
export { NGINX_CODES, type NginxCodeInfo } from './codes';
export { parseListen, parseListenAddress, type ListenSpec } from './listen';
export { locationMatch, type LocationMatch } from './rules/duplicates';
export type { NginxConfig, NginxContext } from './config';

/** Options of `checkNginx`. */
export type CheckNginxOptions = ValidateOptions;

/**
 * Every finding for a loaded configuration: what loading found (missing includes, cycles, binary
 * or huge files) and what validation found in every file, deduplicated and sorted.
 */
export function checkNginx(config: NginxConfig, options: CheckNginxOptions = {}): Finding[] {
  return dedupe([...config.findings, ...validateConfig(config, options)]);
}
