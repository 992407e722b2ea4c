import type { Finding } from '../common/diagnostics';
import type { Located } from '../nginx/routing/model';
import { backendsOf } from '../project/backends';
import type { NginxSite } from '../project/model';
import { where, type Rule, type RuleContext } from './rule';

/** The user and group nginx's workers run as, and why we think so. */
interface NginxUser {
  user: string;
  group: string;
  at?: Located;
  why: string;
}

/**
 * The worker user of a site: the `user` directive of a whole nginx.conf in the workspace, nginx's
 * built-in `nobody` when such a file has none, else Debian's stock nginx.conf (`user www-data;`).
 */
function nginxUser(site: NginxSite): NginxUser {
  if (site.config.context === 'main') {
    const at = mainUser(site);
    if (at) {
      const user = at.directive.args[0]?.value ?? 'nobody';
      return { user, group: at.directive.args[1]?.value ?? user, at, why: `user ${user} in ${at.file.path.split('/').pop()}` };
    }
    return { user: 'nobody', group: 'nogroup', why: 'nginx.conf sets no user: nginx runs its workers as nobody' };
  }
  return { user: 'www-data', group: 'www-data', why: "Debian's nginx.conf runs the workers as www-data" };
}

/** The `user` directive at the main level of a whole config. */
function mainUser(site: NginxSite): Located | undefined {
  for (const s of site.config.main.children) {
    if (s.type === 'directive' && s.name === 'user') return { directive: s, file: site.config.main };
  }
  return undefined;
}

function octal(n: number): string {
  return '0' + n.toString(8).padStart(3, '0');
}

/**
 * nginx must be allowed to write to a unix socket to connect to it. gunicorn creates its socket
 * with mode 0777 & ~umask (umask default 0) owned by its user and group; a socket unit uses
 * SocketMode= (default 0666) and SocketUser=/SocketGroup= (default root). When neither the owner, the
 * group nor others' bits let nginx's worker user in, every request is 502 (`13: Permission denied`).
 * A warning, because supplementary group memberships are not in the files; an error when only the
 * owner's bits grant access (umask 077: mode 0700), where no membership can help.
 */
export const socketPermission: Rule = {
  id: 'socket-permission',
  severity: 'warning',
  description: "the unix socket's mode and owner leave nginx's worker user without write access (502 Permission denied)",
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const b of backendsOf(ctx.model, ctx.proxies)) {
      if (b.bind.family !== 'unix') continue;
      const i = b.entry.instance;
      const ng = nginxUser(b.proxy.site);
      let mode: number;
      let owner: string | undefined;
      let group: string | undefined;
      let anchor = b.bind.source;
      let how: string;
      if (b.bind.origin === 'socket-activation' && i.socket) {
        const s = i.socket;
        mode = s.socketMode ? parseInt(s.socketMode.value, 8) : 0o666;
        if (Number.isNaN(mode)) continue;
        owner = s.socketUser?.value ?? 'root';
        group = s.socketGroup?.value ?? 'root';
        anchor = s.socketMode?.source ?? s.socketGroup?.source ?? anchor;
        how = `${s.unitName} creates it with SocketMode=${octal(mode)}`;
      } else {
        if (i.umask === null || (i.kind !== 'systemd' && i.kind !== 'supervisor')) continue;
        mode = 0o777 & ~i.umask;
        owner = i.user === undefined ? 'root' : typeof i.user.value === 'string' ? i.user.value : undefined;
        group = i.group === undefined ? (owner === 'root' ? 'root' : owner) : typeof i.group.value === 'string' ? i.group.value : undefined;
        anchor = i.settings.umask?.source ?? anchor;
        how = `gunicorn creates it with umask ${octal(i.umask)}, mode ${octal(mode)}`;
      }
      const ownerOk = owner === ng.user && (mode & 0o200) !== 0;
      const groupOk = group !== undefined && (group === ng.group || group === ng.user) && (mode & 0o020) !== 0;
      const othersOk = (mode & 0o002) !== 0;
      if (ownerOk || groupOk || othersOk || owner === undefined || group === undefined || !anchor) continue;
      const key = `${anchor.file}:${anchor.start}:${ng.user}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // Only the owner's bits could let nginx in (mode like 0700): no group membership helps, so it is certain.
      const certain = (mode & 0o022) === 0;
      out.push({
        ...anchor,
        severity: certain ? 'error' : this.severity,
        code: this.id,
        message: `the socket ${b.bind.address.slice(5)} is owned by ${owner}:${group} and ${how}; nginx (${where(ctx.host, b.endpoint.file.path, b.endpoint.word.start, ctx.model.root)}) connects as ${ng.user} (${ng.why}) and cannot write to it: connect() fails with (13: Permission denied), 502. Let the group in (umask 007 with the group ${ng.group}), or run nginx's workers as ${owner}`,
        related: [{ file: b.endpoint.file.path, start: b.endpoint.word.start, end: b.endpoint.word.end, message: 'nginx connects here' }, ...(ng.at ? [{ file: ng.at.file.path, start: ng.at.directive.start, end: ng.at.directive.end, message: `nginx workers run as ${ng.user}` }] : [])],
      });
    }
    return out;
  },
};
