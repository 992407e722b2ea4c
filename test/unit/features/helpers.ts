import { MemoryHost } from '../../../server/src/common/memoryHost';
import { createFeatureContext, type FeatureContext } from '../../../server/src/features/context';
import { defaultSettings, type DeployLensSettings } from '../../../shared/src/settings';

/** The workspace root of every feature test. */
export const ROOT = '/ws';

/**
 * Splits `text` at its `|` cursor marker: the text without the marker and the marker's offset.
 * A literal `|` in nginx text is written `\|` (none of the tests need one).
 */
export function cursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('|');
  if (offset < 0) throw new Error(`no | cursor marker in ${JSON.stringify(text)}`);
  return { text: text.slice(0, offset) + text.slice(offset + 1), offset };
}

/**
 * A feature context over an in-memory workspace rooted at /ws. `files` maps workspace-relative
 * paths to texts; the one whose text holds a `|` is the document under test.
 */
export function workspace(files: Record<string, string>, settings: Partial<DeployLensSettings> = {}): { ctx: FeatureContext; path: string; offset: number; host: MemoryHost } {
  const host = new MemoryHost();
  let path = '';
  let offset = -1;
  for (const [rel, raw] of Object.entries(files)) {
    const abs = `${ROOT}/${rel}`;
    if (raw.includes('|') && offset < 0) {
      const c = cursor(raw);
      host.set(abs, c.text);
      path = abs;
      offset = c.offset;
    } else host.set(abs, raw);
  }
  const ctx = createFeatureContext(host, [ROOT], { ...defaultSettings, ...settings });
  return { ctx, path, offset, host };
}
