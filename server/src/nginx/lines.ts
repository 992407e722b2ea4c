/**
 * Line numbers for messages ("line 12 already does"), with one LineIndex per parsed file: rules
 * name other lines often, and indexing a large file on every message would be quadratic.
 */
import { LineIndex } from '../common/text';
import type { NginxFile } from './ast';

const indexes = new WeakMap<NginxFile, LineIndex>();

/** The 1-based line of `offset` in `file`. */
export function lineOf(file: NginxFile, offset: number): number {
  let li = indexes.get(file);
  if (!li) indexes.set(file, (li = new LineIndex(file.text)));
  return li.humanAt(offset).line;
}
