/**
 * `deploylens graph <workspace> [--format svg|dot|mermaid|json] [--url URL] [--output FILE]`: the
 * deployment topology the editor's preview draws, from the same model and the same renderer, for
 * docs and CI artifacts. SVG is a standalone file (theme colours with light fallbacks); DOT is for
 * Graphviz; Mermaid renders in markdown; JSON is the graph itself (shared/src/graph.ts).
 * `--url` highlights the way a request takes (and adds `route` to the JSON).
 * Exit 0; 2 on bad usage (the picture shows problems, it does not judge them: `check` does).
 */
import { posix } from 'node:path';
import { loadPythonParser } from '../node/python';
import { checkPath } from '../project/check';
import { readWorkspaceSettings } from '../project/settings';
import { buildGraph } from '../project/topology';
import { routeOnGraph } from '../project/graphRoute';
import { graphToSvg, toDot, toMermaid } from '../../../shared/src/render/index';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';

const FORMATS = ['svg', 'dot', 'mermaid', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** Runs the command; returns the exit code. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  let workspace: string;
  let format: Format;
  let url: string | undefined;
  let output: string | undefined;
  try {
    const args = parseArgs(argv, ['format', 'url', 'output']);
    const f = (args.options.get('format') as string | undefined) ?? 'svg';
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${f}"`);
    format = f as Format;
    url = args.options.get('url') as string | undefined;
    output = args.options.get('output') as string | undefined;
    if (args.positional.length !== 1) throw new UsageError('usage: deploylens graph <workspace> [--format svg|dot|mermaid|json] [--url URL] [--output FILE]');
    workspace = posix.resolve(io.cwd, args.positional[0]);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`deploylens graph: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (io.host.stat(workspace)?.type !== 'directory') {
    io.err(`deploylens graph: not a folder: ${workspace}`);
    return 2;
  }
  try {
    await loadPythonParser();
  } catch (e) {
    io.err(`deploylens graph: Python files will not be analysed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { settings, messages } = readWorkspaceSettings(io.host, workspace);
  for (const m of messages) io.err(`deploylens graph: ${m}`);
  const result = checkPath(io.host, workspace, settings);
  if (!result.model) {
    io.err(`deploylens graph: no deployment model for ${workspace}`);
    return 2;
  }
  const graph = buildGraph(result.model, result.findings, io.host);
  const route = url !== undefined ? routeOnGraph(result.model, graph, io.host, url) : undefined;
  if (route && !route.ok) io.err(`deploylens graph: ${route.summary}`);

  let text: string;
  switch (format) {
    case 'svg':
      text = await graphToSvg(graph, { standalone: true, title: `DeployLens topology of ${posix.basename(workspace)}`, ...(route?.ok ? { highlight: route } : {}) });
      break;
    case 'dot':
      text = toDot(graph);
      break;
    case 'mermaid':
      text = toMermaid(graph);
      break;
    case 'json':
      text = JSON.stringify(route ? { ...graph, route } : graph, null, 2);
      break;
  }
  if (output) {
    if (!io.writeFile) {
      io.err('deploylens graph: --output cannot write files here');
      return 2;
    }
    io.writeFile(posix.resolve(io.cwd, output), text.endsWith('\n') ? text : text + '\n');
  } else io.out(text.replace(/\n$/, ''));
  return 0;
}
