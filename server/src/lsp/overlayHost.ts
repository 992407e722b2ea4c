import type { DirEntry, FileStat, ProjectHost } from '../common/host';
import { posix } from 'node:path';

/**
 * The disk as the editor sees it: open (possibly unsaved) documents take precedence over the files
 * below them. Analysis always reads through this, so findings follow what the user typed.
 */
export class OverlayHost implements ProjectHost {
  private readonly open = new Map<string, string>();

  constructor(private readonly base: ProjectHost) {}

  /** Sets the text of an open document. */
  setDocument(path: string, text: string): void {
    this.open.set(path, text);
  }

  /** Forgets an open document (the disk version shows through again). */
  closeDocument(path: string): void {
    this.open.delete(path);
  }

  /** Paths of the open documents. */
  openPaths(): string[] {
    return [...this.open.keys()];
  }

  readFile(path: string): string | undefined {
    return this.open.get(path) ?? this.base.readFile(path);
  }

  stat(path: string): FileStat | undefined {
    const text = this.open.get(path);
    if (text !== undefined) return { type: 'file', size: Buffer.byteLength(text) };
    return this.base.stat(path);
  }

  readDirectory(path: string): DirEntry[] {
    const entries = this.base.readDirectory(path);
    const names = new Set(entries.map((e) => e.name));
    for (const p of this.open.keys()) {
      if (posix.dirname(p) === path && !names.has(posix.basename(p))) entries.push({ name: posix.basename(p), type: 'file' });
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  realpath(path: string): string {
    return this.open.has(path) ? path : (this.base.realpath?.(path) ?? path);
  }
}
