import { closeSync, constants, fstatSync, openSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { DirEntry, FileStat, ProjectHost } from '../common/host';
import { MAX_FILE_BYTES } from '../common/host';

const decoder = new TextDecoder('utf-8', { fatal: false });

/** The real file system, for the CLI and the language server. Never throws. */
export class NodeHost implements ProjectHost {
  readFile(path: string): string | undefined {
    // One open: the size and type come from the open file (no second lookup of the path).
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
    let fd: number | undefined;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
      const st = fstatSync(fd);
      // Larger files are refused by the core from their size (a stat tells it why).
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
      return decoder.decode(readFileSync(fd));
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
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
      // The system's realpath(3): one call, where node's JS version stats every path component.
      return realpathSync.native(path);
    } catch {
      return path;
    }
  }
}
