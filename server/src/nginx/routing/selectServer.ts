import { canonicalAddress } from './listen';
import type { AddressEntry, Located, RoutingModel, ServerModel } from './model';
import { matchServerName } from './serverName';
import type { ServerChoice, SourceRef, TraceStep } from './types';

/** The source reference of a located directive. */
export function refOf(l: Located): SourceRef {
  return { file: l.file.path, start: l.directive.start, end: l.directive.end };
}

function show(entry: AddressEntry): string {
  const addr = entry.wildcard ? '*' : entry.family === 6 ? `[${entry.address}]` : entry.address;
  return `${addr}:${entry.port}`;
}

/**
 * The listen address a connection lands on (`ngx_http_init_connection`): the entry for exactly the
 * address connected to, else the wildcard entry of the port (`*:port`, or `[::]:port`), else nothing
 * (connection refused). Without an address, the first `listen` of the config for the port decides.
 */
export function selectAddress(model: RoutingModel, port: number, address: string | undefined, trace: TraceStep[]): AddressEntry | null {
  const onPort = model.addresses.filter((e) => e.port === port);
  if (onPort.length === 0) {
    trace.push({ stage: 'listen', message: `no server listens on port ${port}` });
    return null;
  }
  if (address === undefined) {
    // The first listen for the port, in config order, stands for "the address the client used".
    for (const s of model.servers) {
      for (const l of s.listens) {
        for (const a of l.spec.addresses) {
          if (a.kind !== 'tcp' || a.port !== port) continue;
          const entry = onPort.find((e) => e.family === a.family && e.address === a.address) as AddressEntry;
          trace.push({ stage: 'listen', message: `the request arrives on ${show(entry)} (the first listen for port ${port})`, ref: l.at ? refOf(l.at) : undefined });
          return entry;
        }
      }
    }
    return null;
  }
  const canon = canonicalAddress(address);
  const family = canon ? canon.family : 'name';
  const text = canon ? canon.address : address.toLowerCase();
  const exact = onPort.find((e) => e.family === family && e.address === text);
  if (exact) {
    trace.push({ stage: 'listen', message: `the connection to ${address}:${port} matches listen ${show(exact)}` });
    return exact;
  }
  const wildcard = onPort.find((e) => e.family === family && e.wildcard);
  if (wildcard) {
    trace.push({ stage: 'listen', message: `no listen names ${address}:${port} exactly: the wildcard listen ${show(wildcard)} takes the connection` });
    return wildcard;
  }
  // An IPv6 wildcard with ipv6only=off accepts IPv4 connections when no IPv4 socket has the port.
  if (family === 4 && !onPort.some((e) => e.family === 4)) {
    const dual = onPort.find((e) => e.family === 6 && e.wildcard && !e.ipv6only);
    if (dual) {
      trace.push({ stage: 'listen', message: `[::]:${port} with ipv6only=off takes the IPv4 connection` });
      return dual;
    }
  }
  trace.push({ stage: 'listen', message: `nothing listens on ${address}:${port} (listens on this port: ${onPort.map(show).join(', ')})` });
  return null;
}

/** The server choice for a result. */
export function serverChoice(server: ServerModel, rule: ServerChoice['rule'], matchedName?: string): ServerChoice {
  return {
    ref: server.at ? refOf(server.at) : null,
    file: server.file.path,
    index: server.index,
    names: server.nameTexts,
    rule,
    ...(matchedName !== undefined ? { matchedName } : {}),
  };
}

/** The default server of an address, with the reason for the trace. */
export function defaultChoice(entry: AddressEntry): { server: ServerModel; rule: ServerChoice['rule'] } {
  return { server: entry.defaultServer, rule: entry.defaultListen.spec.defaultServer ? 'default_server' : 'first-server' };
}

/**
 * The virtual server for a validated host (`ngx_http_find_virtual_server`): by name among the
 * servers of the address, else the address's default server.
 */
export function selectServer(
  entry: AddressEntry,
  host: string,
  trace: TraceStep[],
  notModelled: string[],
): { server: ServerModel; choice: ServerChoice; match: RegExpExecArray | null } {
  // nginx builds name tables only when the address has several servers (or regex captures).
  const m = matchServerName(entry.names, host);
  for (const s of m.rule === 'none' || m.rule === 'regex' ? m.skipped : []) notModelled.push(`server_name ${s}`);
  if (m.rule !== 'none') {
    const how = { exact: 'exact name', 'wildcard-head': 'wildcard name', 'wildcard-tail': 'wildcard name', regex: 'regex name' }[m.rule];
    trace.push({ stage: 'server', message: `host "${host}" matches the ${how} "${m.entry.text}"`, ref: m.server.at ? refOf(m.server.at) : undefined });
    return { server: m.server, choice: serverChoice(m.server, m.rule, m.entry.text), match: m.rule === 'regex' ? m.match : null };
  }
  const d = defaultChoice(entry);
  const why = d.rule === 'default_server' ? 'the default_server of this address' : 'the first server listening on this address (no default_server)';
  trace.push({ stage: 'server', message: `no server_name matches "${host}": ${why} answers`, ref: d.server.at ? refOf(d.server.at) : undefined });
  return { server: d.server, choice: serverChoice(d.server, d.rule), match: null };
}
