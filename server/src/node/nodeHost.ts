import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { DirEntry, FileStat, ProjectHost } from '../common/host';
import { MAX_FILE_BYTES } from '../common/host';

const decoder = new TextDecoder('utf-8', { fatal: false });

/** The real file system, for the CLI and the language server. Never throws. */
export class NodeHost implements ProjectHost {
  readFile(path: string): string | undefined {
    try {
      const st = statSync(path);
      if (!st.isFile()) return undefined;
      // Larger files are refused by the core from their size; read at most one byte past the limit.
      if (st.size > MAX_FILE_BYTES) return undefined;
      return decoder.decode(readFileSync(path));
    } catch {
      return undefined;
    }
  }

  stat(path: string): FileStat | undefined {
    try {
      const st = statSync(path);
      return { type: st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other', size: st.size };
    } catch {
      return undefined;
    }
  }

  readDirectory(path: string): DirEntry[] {
    try {
      const out: DirEntry[] = [];
      for (const e of readdirSync(path, { withFileTypes: true })) {
        let type: DirEntry['type'] = e.isFile() ? 'file' : e.isDirectory() ? 'directory' : 'other';
        if (e.isSymbolicLink()) {
          const st = this.stat(`${path}/${e.name}`);
          type = st?.type ?? 'other';
        }
        out.push({ name: e.name, type });
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return [];
    }
  }

  realpath(path: string): string {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  }
}
