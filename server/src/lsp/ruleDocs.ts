/**
 * Links from a diagnostic's code to its rule page (`docs/rules/<code>.md`), given only when the
 * page exists. The pages ship next to the bundle (the extension folder, or the repository when run
 * from sources), so the link is a file: URI an editor opens in place.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Finds `docs/rules` above `start` (at most five levels up); undefined when there is none. */
export function findRuleDocs(start: string): string | undefined {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'docs', 'rules');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** A lookup `code -> href` over a rules folder (existence cached per code). */
export function ruleDocLinks(rulesDir: string | undefined): (code: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (code) => {
    if (!rulesDir || !/^[a-z0-9-]+$/.test(code)) return undefined;
    if (!cache.has(code)) {
      const page = join(rulesDir, `${code}.md`);
      cache.set(code, existsSync(page) ? pathToFileURL(page).href : undefined);
    }
    return cache.get(code);
  };
}
