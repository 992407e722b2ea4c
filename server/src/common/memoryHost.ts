import type { DirEntry, FileStat, ProjectHost } from './host';
import { posix } from 'node:path';

/**
 * An in-memory host: a map from absolute path to text. Directories exist implicitly
 * (every ancestor of a file). Used by tests and as the base of the LSP overlay.
 */
export class MemoryHost implements ProjectHost {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.set(path, text);
  }

  /** Adds or replaces a file. */
  set(path: string, text: string): void {
    this.files.set(posix.normalize(path), text);
  }

  /** Removes a file. */
  delete(path: string): void {
    this.files.delete(posix.normalize(path));
  }

  /** Every file path the host holds. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  readFile(path: string): string | undefined {
    return this.files.get(posix.normalize(path));
  }

  stat(path: string): FileStat | undefined {
    const p = posix.normalize(path);
    const text = this.files.get(p);
    if (text !== undefined) return { type: 'file', size: Buffer.byteLength(text) };
    const prefix = p.endsWith('/') ? p : p + '/';
    for (const key of this.files.keys()) if (key.startsWith(prefix)) return { type: 'directory', size: 0 };
    return undefined;
  }

  readDirectory(path: string): DirEntry[] {
    const p = posix.normalize(path);
    const prefix = p.endsWith('/') ? p : p + '/';
    const seen = new Map<string, DirEntry>();
    for (const key of this.files.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash < 0 ? rest : rest.slice(0, slash);
      if (!seen.has(name)) seen.set(name, { name, type: slash < 0 ? 'file' : 'directory' });
    }
    return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
