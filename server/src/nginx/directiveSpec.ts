/**
 * The shape of one entry of the nginx directive catalog (`catalog.generated.ts`). Kept apart from
 * the lookup helpers so that the generated table depends on nothing but this file.
 */

/**
 * A place a directive may appear, with nginx's own names. The reference documentation says
 * `server` for http, stream and mail servers alike; the catalog generator splits them, because a
 * `listen` with `udp` is fine in a stream server and wrong in an http one.
 */
export type DirectiveContext =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'if in server'
  | 'if in location'
  | 'limit_except'
  | 'upstream'
  | 'stream'
  | 'stream server'
  | 'stream upstream'
  | 'mail'
  | 'mail server'
  | 'acme_issuer'
  | 'oidc_provider'
  | 'mgmt'
  /** `include` is accepted everywhere (NGX_ANY_CONF). */
  | 'any';

/** One directive of one module, as nginx.org documents it. */
export interface DirectiveSpec {
  name: string;
  /** The module, e.g. `ngx_http_core_module`; `core` for the core functionality page. */
  module: string;
  contexts: readonly DirectiveContext[];
  /** True when the directive takes a `{ ... }` block. */
  block: boolean;
  /** The default as documented (plain text; empty when there is none). */
  default: string;
  /** The syntax lines as documented, markup removed (`address[:port] [default_server] ...`). */
  syntax: readonly string[];
  /** The first sentence(s) of the documentation, plain text, for hover. */
  description: string;
  /** The directive's anchor on nginx.org. */
  url: string;
}

/**
 * One variable nginx.org documents. Names ending in `_NAME` (`http_NAME`, `arg_NAME`,
 * `cookie_NAME`) stand for a family: `$http_user_agent`, `$arg_page`, ...
 */
export interface VariableSpec {
  /** Without the `$`. */
  name: string;
  module: string;
  description: string;
}
