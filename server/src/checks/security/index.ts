/**
 * The security and best-practice rules for nginx (the ground of gixy and its successors), each in
 * its own file. They need nothing but the nginx configuration, so they also run on a lone nginx
 * file; the Host rule also reads the app behind the proxy when the workspace has it. The alias
 * traversal of regex locations is part of `static-alias-traversal` (see aliasCapture.ts).
 */
import type { Rule } from '../rule';
import { httpSplitting } from './httpSplitting';
import { ssrf } from './ssrf';
import { hostSpoofing } from './hostSpoofing';
import { weakOriginRegex } from './weakOriginRegex';
import { addHeaderDropped } from './addHeaderDropped';
import { headerMultiline } from './headerMultiline';
import { serverTokens } from './serverTokens';
import { tlsProtocols } from './tlsProtocols';
import { tlsCiphers } from './tlsCiphers';
import { ifIsEvil } from './ifIsEvil';
import { regexLocationUnanchored } from './regexLocationUnanchored';

/** Every security rule, in the order they run. */
export const SECURITY_RULES: readonly Rule[] = [
  httpSplitting,
  ssrf,
  hostSpoofing,
  weakOriginRegex,
  addHeaderDropped,
  headerMultiline,
  serverTokens,
  tlsProtocols,
  tlsCiphers,
  ifIsEvil,
  regexLocationUnanchored,
];
