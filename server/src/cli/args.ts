/** A parsed command line: positional words and `--name value` / `--flag` options. */
export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

/**
 * Parses `argv` against the options a command accepts. `valued` options take the next word
 * (or `--name=value`); others are flags. Throws a UsageError on an unknown option or a missing value.
 */
export function parseArgs(argv: string[], valued: string[], flags: string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
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
    } else if (flags.includes(name) && eq < 0) {
      options.set(name, true);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positional, options };
}

/** A mistake in how the command was called: exit code 2 with a one-line message. */
export class UsageError extends Error {}
