import { fileURLToPath, pathToFileURL } from 'node:url';

/** file: URIs <-> absolute paths, at the edge only (the core speaks paths). */
export const URI = {
  /** The path of a file: URI; undefined for other schemes (untitled:, git:, ...). */
  toPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  },
  /** The file: URI of an absolute path. */
  fromPath(path: string): string {
    return pathToFileURL(path).href;
  },
};
