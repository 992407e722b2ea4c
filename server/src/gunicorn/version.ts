/**
 * Which gunicorn release runs, when the workspace tells: an exact pin (`gunicorn==21.2.0`) in a
 * requirements file, or in a Dockerfile's `pip install`. A pin says nothing about a system gunicorn
 * (`/usr/bin/gunicorn` is the distribution's package), so it only applies to other programs.
 */
import { posix } from 'node:path';
import type { ProjectHost } from '../common/host';
import type { Launcher, Sourced } from './launcher';

// Distribution packages whose gunicorn release is known (Debian 12 "bookworm": 20.1.0-6+deb12u1).
const DISTRO_GUNICORN: Array<[RegExp, string]> = [[/^FROM\s+(?:--\S+\s+)*(?:docker\.io\/)?(?:library\/)?debian:(?:bookworm|12)(?:[.-]\S*)?(?:\s|$)/im, '20.1.0']];
const APT_GUNICORN = /apt(?:-get)?\s+install\b[^\n]*\b(?:python3-)?gunicorn3?\b/i;

const PIN = /^\s*gunicorn(?:\[[^\]]*\])?\s*==\s*(\d+(?:\.\d+){0,2})\b/im;
const PIP_PIN = /pip3?\s+install\b[^\n]*?\bgunicorn(?:\[[^\]]*\])?==(\d+(?:\.\d+){0,2})/i;

/** Finds version pins once per workspace; `forLauncher` picks the one that applies to a launcher. */
export function pinnedVersions(host: ProjectHost, allFiles: readonly string[]): { forLauncher(l: Launcher): Sourced<string> | undefined } {
  const reqs = allFiles.filter((f) => /^requirements.*\.(txt|in)$/i.test(posix.basename(f))).sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  let pin: Sourced<string> | undefined;
  for (const f of reqs) {
    const text = host.readFile(f);
    const m = text === undefined ? null : PIN.exec(text);
    if (m && text !== undefined) {
      const at = m.index + m[0].indexOf(m[1]);
      pin = { value: m[1], source: { file: f, start: at, end: at + m[1].length } };
      break;
    }
  }
  return {
    forLauncher(l) {
      const system = /^\/usr\/bin\//.test(l.program.value);
      if (l.kind === 'dockerfile') {
        const text = host.readFile(l.file) ?? '';
        // An image that installs the distribution's package runs the distribution's release.
        if (APT_GUNICORN.test(text) && (system || !/pip3?\s+install\b[^\n]*\bgunicorn/i.test(text))) {
          for (const [from, version] of DISTRO_GUNICORN) {
            const m = from.exec(text);
            if (m) return { value: version, source: { file: l.file, start: m.index, end: m.index + m[0].trimEnd().length } };
          }
        }
      }
      if (system) return undefined;
      if (l.kind === 'dockerfile') {
        const text = host.readFile(l.file);
        const m = text === undefined ? null : PIP_PIN.exec(text);
        if (m) {
          const at = m.index + m[0].lastIndexOf(m[1]);
          return { value: m[1], source: { file: l.file, start: at, end: at + m[1].length } };
        }
      }
      return pin;
    },
  };
}
