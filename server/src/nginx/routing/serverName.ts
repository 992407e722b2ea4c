import { asciiLower, toByteString } from './bytes';
import { execPcre, translatePcre, type TranslatedRegex, type UnsupportedRegex } from './regex';

/** One `server_name` entry, classified as nginx classifies it. */
export type ServerNameEntry =
  | { kind: 'exact'; name: string; text: string }
  /** `*.example.com` (`both` false) or `.example.com` (`both` true: also `example.com`); `suffix` is `example.com`. */
  | { kind: 'head'; suffix: string; both: boolean; text: string }
  /** `www.example.*`; `prefix` is `www.example`. */
  | { kind: 'tail'; prefix: string; text: string }
  | { kind: 'regex'; regex: TranslatedRegex | UnsupportedRegex; text: string }
  /** A name nginx refuses ("invalid server name or wildcard"). */
  | { kind: 'invalid'; text: string; reason: string };

/**
 * Classifies a server name the way `ngx_http_core_server_name` and `ngx_hash_add_key` do.
 * Names are lowercased; a regex (`~...`) is case-insensitive when it contains an upper-case
 * letter (nginx compiles it caseless then), and is matched against the lowercased host.
 */
export function parseServerName(text: string, hostname?: string): ServerNameEntry {
  if (text === '$hostname') return hostname ? { kind: 'exact', name: asciiLower(toByteString(hostname)), text } : { kind: 'invalid', text, reason: 'the machine host name is not known' };
  if (text.startsWith('~')) {
    const pattern = text.slice(1);
    return { kind: 'regex', regex: translatePcre(pattern, /[A-Z]/.test(pattern)), text };
  }
  const name = asciiLower(toByteString(text));
  let stars = 0;
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '*' && ++stars > 1) return { kind: 'invalid', text, reason: 'more than one "*"' };
    if (name[i] === '.' && name[i + 1] === '.') return { kind: 'invalid', text, reason: '".." in a server name' };
  }
  if (name.length > 1 && name[0] === '.') return { kind: 'head', suffix: name.slice(1), both: true, text };
  if (name.length > 2 && name.startsWith('*.')) return { kind: 'head', suffix: name.slice(2), both: false, text };
  if (name.length > 2 && name.endsWith('.*')) return { kind: 'tail', prefix: name.slice(0, -2), text };
  if (stars) return { kind: 'invalid', text, reason: 'a "*" is allowed only as "*.name" or "name.*"' };
  return { kind: 'exact', name, text };
}

/** The lookup structures of one listen address, built like `ngx_http_server_names`. */
export interface NameTable<S> {
  exact: Map<string, { server: S; entry: ServerNameEntry }>;
  head: Map<string, { server: S; entry: ServerNameEntry & { kind: 'head' } }>;
  tail: Map<string, { server: S; entry: ServerNameEntry & { kind: 'tail' } }>;
  regex: Array<{ server: S; entry: ServerNameEntry & { kind: 'regex' } }>;
  /** Names nginx ignores with "conflicting server name ... ignored", and invalid names. */
  ignored: Array<{ server: S; entry: ServerNameEntry; reason: string }>;
}

/**
 * Builds the name table for the servers of one listen address, in their config order.
 * nginx keeps the first server for a name; it registers `.example.com` as the exact name
 * `example.com` too (for conflicts only), and `*.x` and `.x` conflict with each other.
 */
export function buildNameTable<S>(servers: ReadonlyArray<{ server: S; names: readonly ServerNameEntry[] }>): NameTable<S> {
  const table: NameTable<S> = { exact: new Map(), head: new Map(), tail: new Map(), regex: [], ignored: [] };
  // The conflict registries of ngx_hash_add_key: exact keys, head wildcard keys, tail wildcard keys.
  const exactKeys = new Set<string>();
  const headKeys = new Set<string>();
  const tailKeys = new Set<string>();
  for (const { server, names } of servers) {
    for (const entry of names) {
      const conflict = (): void => {
        table.ignored.push({ server, entry, reason: `conflicting server name "${entry.text}": an earlier server on this address has it` });
      };
      switch (entry.kind) {
        case 'invalid':
          table.ignored.push({ server, entry, reason: entry.reason });
          break;
        case 'regex':
          table.regex.push({ server, entry });
          break;
        case 'exact':
          if (exactKeys.has(entry.name)) conflict();
          else {
            exactKeys.add(entry.name);
            table.exact.set(entry.name, { server, entry });
          }
          break;
        case 'head':
          if (entry.both) {
            if (exactKeys.has(entry.suffix)) {
              conflict();
              break;
            }
            // Registered before the wildcard check, as nginx does, even if the wildcard then conflicts.
            exactKeys.add(entry.suffix);
          }
          if (headKeys.has(entry.suffix)) conflict();
          else {
            headKeys.add(entry.suffix);
            table.head.set(entry.suffix, { server, entry });
          }
          break;
        case 'tail':
          if (tailKeys.has(entry.prefix)) conflict();
          else {
            tailKeys.add(entry.prefix);
            table.tail.set(entry.prefix, { server, entry });
          }
          break;
      }
    }
  }
  return table;
}

/** How a host name picked a server. */
export type NameMatch<S> =
  | { rule: 'exact' | 'wildcard-head' | 'wildcard-tail'; server: S; entry: ServerNameEntry }
  | { rule: 'regex'; server: S; entry: ServerNameEntry & { kind: 'regex' }; match: RegExpExecArray; skipped: string[] }
  | { rule: 'none'; skipped: string[] };

/**
 * Finds the server for a (validated, lowercased) host, in nginx's order: exact name, longest
 * `*.`/`.` wildcard, longest `.*` wildcard, first matching regex in config order. Regexes the router
 * cannot model are listed in `skipped` (the caller decides whether that makes the answer uncertain).
 */
export function matchServerName<S>(table: NameTable<S>, host: string): NameMatch<S> {
  const exact = table.exact.get(host);
  if (exact) return { rule: 'exact', ...exact };
  if (host.length > 0) {
    // ngx_hash_find_wc_head: `.x` matches x itself; then the longest suffix after a dot wins.
    const whole = table.head.get(host);
    if (whole && whole.entry.both) return { rule: 'wildcard-head', ...whole };
    for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
      const hit = table.head.get(host.slice(i + 1));
      if (hit) return { rule: 'wildcard-head', ...hit };
    }
    // ngx_hash_find_wc_tail: the longest prefix before a dot.
    for (let i = host.lastIndexOf('.'); i > 0; i = host.lastIndexOf('.', i - 1)) {
      const hit = table.tail.get(host.slice(0, i));
      if (hit) return { rule: 'wildcard-tail', ...hit };
    }
  }
  const skipped: string[] = [];
  if (host.length > 0) {
    for (const r of table.regex) {
      if (!r.entry.regex.ok) {
        skipped.push(`${r.entry.text}: ${r.entry.regex.reason}`);
        continue;
      }
      const m = execPcre(r.entry.regex, host);
      if (m === 'uncertain') {
        skipped.push(`${r.entry.text}: cannot be decided for this host (bytes 0xA0/0x85 with \\h or \\v)`);
        continue;
      }
      if (m) return { rule: 'regex', server: r.server, entry: r.entry, match: m, skipped };
    }
  }
  return { rule: 'none', skipped };
}
