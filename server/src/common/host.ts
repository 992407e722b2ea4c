/**
 * The only way the analysis core sees files. Paths are absolute POSIX paths
 * ("/ws/deploy/nginx.conf"). Implementations: `node/nodeHost.ts` (real disk, for the CLI
 * and the server), `common/memoryHost.ts` (tests), and the LSP overlay of unsaved buffers.
 * Every method is synchronous and total: a missing or unreadable file is `undefined`, never a throw.
 */
export interface ProjectHost {
  /** The text of a file, decoded as UTF-8 (invalid bytes become U+FFFD); undefined when it is not a readable file. */
  readFile(path: string): string | undefined;
  /** What is at `path`, following symlinks; undefined when nothing is. */
  stat(path: string): FileStat | undefined;
  /** The entries of a directory, sorted by name (byte order); empty when it is not a directory. */
  readDirectory(path: string): DirEntry[];
  /** The canonical path (symlinks resolved) when the host knows it; used to detect include loops through links. */
  realpath?(path: string): string;
}

export type FileType = 'file' | 'directory' | 'other';

export interface FileStat {
  type: FileType;
  /** Size in bytes. */
  size: number;
}

export interface DirEntry {
  name: string;
  type: FileType;
}

/** Files larger than this are not parsed: the core reports them instead (a clear message, bounded time and memory). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
