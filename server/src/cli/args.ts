/** A parsed command line: positional words and `--name value` / `--flag` options. */
export interface ParsedArgs {
  positional: string[];
  /** The last value of each option (true for flags). */
  options: Map<string, string | true>;
  /** Every value of each valued option, in order (for repeatable options like `--rule`). */
  all: Map<string, string[]>;
}

/**
 * Parses `argv` against the options a command accepts. `valued` options take the next word
 * (or `--name=value`); others are flags. Throws a UsageError on an unknown option or a missing value.
 */
export function parseArgs(argv: string[], valued: string[], flags: string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const all = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '--') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (valued.includes(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      options.set(name, value);
      all.set(name, [...(all.get(name) ?? []), value]);
    } else if (flags.includes(name) && eq < 0) {
      options.set(name, true);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positional, options, all };
}

/** A mistake in how the command was called: exit code 2 with a one-line message. */
export class UsageError extends Error {}
