/**
 * Document links in files that start gunicorn, from what the gunicorn reader resolved: the config
 * file (`-c gunicorn.conf.py`) to its workspace copy, the working directory (`--chdir`,
 * WorkingDirectory=) to its workspace folder.
 */
import type { FeatureContext } from '../context';
import type { DocLink } from '../types';

/** The links of a launcher file or gunicorn.conf.py. */
export function gunicornLinks(ctx: FeatureContext, path: string): DocLink[] {
  const out: DocLink[] = [];
  const seen = new Set<string>();
  const add = (start: number, end: number, target: string | undefined, tooltip: string): void => {
    if (!target || end <= start || seen.has(`${start}:${end}`)) return;
    seen.add(`${start}:${end}`);
    out.push({ start, end, target, tooltip });
  };
  for (const i of ctx.gunicorn()) {
    const cfg = i.configFile;
    if (cfg?.source?.file === path) add(cfg.source.start, cfg.source.end, cfg.file, `gunicorn reads ${cfg.path}`);
    if (i.chdir?.source?.file === path) add(i.chdir.source.start, i.chdir.source.end, i.chdirWorkspace, `the app is imported from ${i.chdir.value}`);
  }
  return out;
}

/** The workspace config file that a `-c PATH` at `offset` names, if any. */
export function configFileAt(ctx: FeatureContext, path: string, offset: number): string | undefined {
  for (const i of ctx.gunicorn()) {
    const src = i.configFile?.source;
    if (src && src.file === path && offset >= src.start && offset <= src.end && i.configFile?.file) return i.configFile.file;
  }
  return undefined;
}
