/**
 * The `deploylens.*` settings as the server uses them: pulled from the client with
 * `workspace/configuration` (one scope per workspace folder) when it supports that, else taken from
 * `workspace/didChangeConfiguration` payloads; always normalized (`project/settings.ts`), so an
 * ill-typed value falls back to its default instead of reaching the core.
 */
import type { Connection } from 'vscode-languageserver';
import { normalizeSettings } from '../project/settings';
import { defaultSettings, type DeployLensSettings } from '../../../shared/src/settings';

/** Settings per workspace folder (path), with a fallback for files outside every folder. */
export interface SettingsStore {
  /** The settings that apply to a path (its folder's, else the default scope's). */
  forPath(path: string | undefined): DeployLensSettings;
  /** Re-reads the settings from the client; resolves when done (failures keep the previous values). */
  refresh(roots: readonly string[], uriOf: (path: string) => string): Promise<void>;
  /** Takes settings pushed in a didChangeConfiguration payload (clients without `workspace/configuration`). */
  push(settings: unknown): void;
}

/** Creates the store; `pull` tells whether the client answers `workspace/configuration`. */
export function createSettingsStore(connection: Connection, pull: () => boolean, log: (m: string) => void): SettingsStore {
  let global: DeployLensSettings = defaultSettings;
  const byRoot = new Map<string, DeployLensSettings>();
  const normalize = (raw: unknown): DeployLensSettings => {
    const messages: string[] = [];
    const s = raw && typeof raw === 'object' ? normalizeSettings(raw as Record<string, unknown>, messages) : defaultSettings;
    for (const m of messages) log(`deploylens settings: ${m}`);
    return s;
  };
  return {
    forPath(path) {
      let best: string | undefined;
      if (path) for (const r of byRoot.keys()) if ((path === r || path.startsWith(r + '/')) && (!best || r.length > best.length)) best = r;
      return best ? byRoot.get(best)! : global;
    },
    async refresh(roots, uriOf) {
      if (!pull()) return;
      try {
        const items = [{ section: 'deploylens' }, ...roots.map((r) => ({ section: 'deploylens', scopeUri: uriOf(r) }))];
        const values: unknown[] = await connection.workspace.getConfiguration(items);
        global = normalize(values[0]);
        byRoot.clear();
        roots.forEach((r, i) => byRoot.set(r, normalize(values[i + 1])));
      } catch (e) {
        log(`deploylens: cannot read settings from the client: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    push(settings) {
      const section = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).deploylens : undefined;
      if (section === undefined) return;
      global = normalize(section);
      byRoot.clear();
    },
  };
}
