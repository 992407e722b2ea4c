/**
 * The open documents as the server tracks them: URI <-> path (a non-file URI such as `untitled:`
 * gets a stable pseudo path, so the core can still read it through the overlay), the language id
 * the editor gave, and a LineIndex per current text (positions are converted against the text the
 * request was made on).
 */
import { posix } from 'node:path';
import { LineIndex } from '../common/text';
import { URI } from './uri';

/** Where documents without a file path live in the overlay (never on disk). */
export const UNTITLED_ROOT = '/__deploylens_untitled__';

/** One open document. */
export interface OpenDocument {
  uri: string;
  path: string;
  languageId: string;
  version: number;
}

/** The registry of open documents and of LineIndexes. */
export interface DocumentRegistry {
  open(uri: string, languageId: string, version: number): OpenDocument;
  update(uri: string, version: number): void;
  close(uri: string): OpenDocument | undefined;
  byUri(uri: string): OpenDocument | undefined;
  byPath(path: string): OpenDocument | undefined;
  all(): OpenDocument[];
  /** The path a URI stands for (open or not); undefined for a non-file URI that is not open. */
  pathOf(uri: string): string | undefined;
  /** The URI to publish to for a path: the open document's own URI, else a file: URI. */
  uriOf(path: string): string;
  /** The LineIndex of a text (cached by path and text). */
  index(path: string, text: string): LineIndex;
}

/** Creates an empty registry. */
export function createDocumentRegistry(): DocumentRegistry {
  const docs = new Map<string, OpenDocument>();
  const byPath = new Map<string, OpenDocument>();
  const indexes = new Map<string, LineIndex>();
  const pathOf = (uri: string): string | undefined => {
    const p = URI.toPath(uri);
    if (p) return p;
    if (!docs.has(uri)) return undefined;
    return posix.join(UNTITLED_ROOT, encodeURIComponent(uri));
  };
  return {
    open(uri, languageId, version) {
      const path = URI.toPath(uri) ?? posix.join(UNTITLED_ROOT, encodeURIComponent(uri));
      const d = { uri, path, languageId, version };
      docs.set(uri, d);
      byPath.set(path, d);
      return d;
    },
    update(uri, version) {
      const d = docs.get(uri);
      if (d) d.version = version;
    },
    close(uri) {
      const d = docs.get(uri);
      if (!d) return undefined;
      docs.delete(uri);
      byPath.delete(d.path);
      indexes.delete(d.path);
      return d;
    },
    byUri: (uri) => docs.get(uri),
    byPath: (path) => byPath.get(path),
    all: () => [...docs.values()],
    pathOf,
    uriOf: (path) => byPath.get(path)?.uri ?? URI.fromPath(path),
    index(path, text) {
      const hit = indexes.get(path);
      if (hit && hit.text === text) return hit;
      const idx = new LineIndex(text);
      if (indexes.size > 500) indexes.clear();
      indexes.set(path, idx);
      return idx;
    },
  };
}
