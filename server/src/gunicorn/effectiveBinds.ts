/**
 * The addresses an instance really listens on. gunicorn parses each bind (`util.parse_address`),
 * creates unix sockets relative to the final chdir, and, when it inherits listening sockets
 * (systemd socket activation via LISTEN_FDS, or `fd://N` binds), uses only those and ignores every
 * other bind (`sock.create_sockets`).
 */
import type { Finding } from '../common/diagnostics';
import { formatBind, parseBind } from './bind';
import type { BindInfo, GunicornInstance } from './instance';
import type { Launcher } from './launcher';

/** Fills `instance.binds` / `bindsIgnored` from the effective `bind` setting; returns findings. */
export function resolveBinds(instance: GunicornInstance, launcher: Launcher): Finding[] {
  const findings: Finding[] = [];
  const setting = instance.settings.bind;
  const chdir = instance.chdir?.value;
  const configured: BindInfo[] = [];
  if (setting && Array.isArray(setting.value)) {
    for (const raw of setting.value) {
      // "0.0.0.0:$PORT": the platform's port, unknown here; keep it readable.
      if (raw.includes('$')) {
        configured.push({ address: raw, raw, family: 'tcp', origin: setting.origin, source: setting.source });
        continue;
      }
      const parsed = parseBind(raw);
      if (!parsed.ok) {
        if (setting.source) findings.push({ ...setting.source, severity: 'error', code: 'gunicorn-invalid-bind', message: `invalid bind "${raw}": ${parsed.message}` });
        continue;
      }
      configured.push({ address: formatBind(parsed.address, chdir), raw, family: parsed.address.kind, origin: setting.origin, source: setting.source });
    }
  }
  if (launcher.socket && launcher.socket.listen.length) {
    instance.binds = launcher.socket.listen.map((l) => ({ address: l.value, raw: l.value, family: l.value.startsWith('unix:') ? 'unix' : 'tcp', origin: 'socket-activation', source: l.source }));
    const listening = new Set(instance.binds.map((b) => b.address));
    // Only what someone configured counts as ignored; the same address as the socket's is not news.
    instance.bindsIgnored = configured.filter((b) => b.origin !== 'default' && !listening.has(b.address));
    const explicit = configured.filter((b) => b.origin !== 'default' && !listening.has(b.address));
    if (explicit.length && explicit[0].source) {
      findings.push({
        ...explicit[0].source,
        severity: 'information',
        code: 'gunicorn-bind-ignored',
        message: `gunicorn gets its socket from ${launcher.socket.unitName} (socket activation), so this bind is ignored; it listens on ${instance.binds.map((b) => b.address).join(', ')}`,
      });
    }
  } else {
    const fds = configured.filter((b) => b.family === 'fd');
    instance.binds = fds.length ? fds : configured;
    instance.bindsIgnored = fds.length ? configured.filter((b) => b.family !== 'fd') : [];
    if (fds.length && instance.bindsIgnored.length && instance.bindsIgnored[0].source) {
      findings.push({ ...instance.bindsIgnored[0].source, severity: 'warning', code: 'gunicorn-bind-ignored', message: 'with an fd:// bind gunicorn uses only the inherited descriptors and ignores the other binds' });
    }
  }
  if (instance.privateTmp?.value) {
    for (const b of instance.binds) {
      if (/^unix:\/(var\/)?tmp\//.test(b.address) && b.source) {
        findings.push({
          ...b.source,
          severity: 'warning',
          code: 'gunicorn-private-tmp-socket',
          message: `${b.address.slice(5)} is inside the service's private /tmp (PrivateTmp=true): nginx and other services cannot see it; put the socket under /run (RuntimeDirectory=)`,
          related: instance.privateTmp.source ? [{ ...instance.privateTmp.source, message: 'PrivateTmp is set here' }] : undefined,
        });
      }
    }
  }
  return findings;
}
