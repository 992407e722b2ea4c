/**
 * Directives of well-known third-party modules (most packaged by Debian as libnginx-mod-*). nginx
 * accepts them only when the module is loaded (`load_module`, Debian's modules-enabled/), which
 * a checker of one workspace usually cannot see: such a name is a warning that says which
 * module it needs, not an "unknown directive" error.
 */

interface ThirdPartyModule {
  pattern: RegExp;
  module: string;
  /** The Debian package that provides it, when there is one. */
  debian?: string;
}

const MODULES: readonly ThirdPartyModule[] = [
  {
    pattern: /^((content|access|rewrite|set|header_filter|body_filter|log|init|init_worker|exit_worker|balancer|ssl_certificate|ssl_client_hello|ssl_session_fetch|ssl_session_store|server_rewrite)_by_lua(_block|_file)?|lua_[a-z_]+)$/,
    module: 'lua (OpenResty)',
    debian: 'libnginx-mod-http-lua',
  },
  { pattern: /^more_(set|clear)(_input)?_headers$/, module: 'headers-more', debian: 'libnginx-mod-http-headers-more-filter' },
  { pattern: /^geoip2(_proxy(_recursive)?)?$/, module: 'geoip2', debian: 'libnginx-mod-http-geoip2' },
  { pattern: /^brotli(_[a-z_]+)?$/, module: 'brotli', debian: 'libnginx-mod-http-brotli-filter' },
  { pattern: /^echo(_[a-z_]+)?$/, module: 'echo', debian: 'libnginx-mod-http-echo' },
  { pattern: /^fancyindex(_[a-z_]+)?$/, module: 'fancyindex', debian: 'libnginx-mod-http-fancyindex' },
  { pattern: /^dav_ext_[a-z_]+$/, module: 'dav-ext', debian: 'libnginx-mod-http-dav-ext' },
  { pattern: /^auth_pam(_[a-z_]+)?$/, module: 'auth-pam', debian: 'libnginx-mod-http-auth-pam' },
  { pattern: /^(upload_progress(_[a-z_]+)?|track_uploads|report_uploads)$/, module: 'upload-progress', debian: 'libnginx-mod-http-uploadprogress' },
  { pattern: /^subs_filter(_types)?$/, module: 'subs-filter', debian: 'libnginx-mod-http-subs-filter' },
  { pattern: /^fair$/, module: 'upstream-fair', debian: 'libnginx-mod-http-upstream-fair' },
  { pattern: /^nchan_[a-z_]+$/, module: 'nchan', debian: 'libnginx-mod-nchan' },
  { pattern: /^rtmp(_[a-z_]+)?$/, module: 'rtmp', debian: 'libnginx-mod-rtmp' },
  { pattern: /^(set_[a-z_]+|ndk_[a-z_]+)$/, module: 'set-misc / ndk', debian: 'libnginx-mod-http-ndk' },
  { pattern: /^modsecurity(_[a-z_]+)?$/, module: 'ModSecurity', debian: 'libnginx-mod-http-modsecurity' },
  { pattern: /^vhost_traffic_status(_[a-z_]+)?$/, module: 'vhost-traffic-status' },
  { pattern: /^passenger_[a-z_]+$/, module: 'Phusion Passenger' },
  { pattern: /^pagespeed$/, module: 'PageSpeed' },
  { pattern: /^zstd(_[a-z_]+)?$/, module: 'zstd' },
  { pattern: /^(check|check_[a-z_]+)$/, module: 'upstream health check (Tengine)' },
  { pattern: /^(SecRulesEnabled|SecRulesDisabled|LearningMode|DeniedUrl|CheckRule|BasicRule|MainRule|LibInjectionSql|LibInjectionXss)$/, module: 'NAXSI' },
];

/** The third-party module a directive name belongs to, if it is a well-known one. */
export function thirdPartyModule(name: string): { module: string; debian?: string } | undefined {
  const m = MODULES.find((x) => x.pattern.test(name));
  return m && { module: m.module, debian: m.debian };
}
