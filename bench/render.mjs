#!/usr/bin/env node
// Topology render benchmark: `node bench/render.mjs [--sizes 20,200,1000] [--runs N]`.
// For generated workspaces of N nginx locations (test/unit/render/workspace.ts: prefix, ^~ alias,
// exact, regex and nested locations in front of one gunicorn unit and a Flask app), measures what
// the preview does after an edit: the analysis (checkPath), the graph (buildGraph), the layout
// (first run in a fresh process, then warm) and the SVG string, as bundled by esbuild. Prints wall
// and CPU milliseconds (CPU is the honest figure on a loaded machine); writes bench/results/render.json.
// The budget of issue #8: for 200 locations, edit to redrawn graph (analysis + graph + layout + svg,
// CPU, the layout's first run) under --budget-ms (300); over it, the bench says so and exits 1.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const SIZES = opt('--sizes', '20,200,1000').split(',').map(Number);
const RUNS = Number(opt('--runs', 5));
const BUDGET_MS = Number(opt('--budget-ms', 300));

async function load() {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-bench-render-'));
  const outfile = join(dir, 'bundle.mjs');
  await build({
    stdin: {
      contents: [
        "export { generatedWorkspace } from './test/unit/render/workspace';",
        "export { checkPath } from './server/src/project/check';",
        "export { buildGraph } from './server/src/project/topology';",
        "export { layoutGraph } from './shared/src/render/layout';",
        "export { renderSvg } from './shared/src/render/svg';",
        "export { defaultSettings } from './shared/src/settings';",
        "export { loadPythonParser } from './server/src/node/python';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    // The bundled core uses __dirname and require in places (CJS in the shipped bundles).
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); const __dirname = " + JSON.stringify(root) + ';' },
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs fn, returns [result, wall ms, cpu ms]. */
async function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [r, wall, (c.user + c.system) / 1000];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r1 = (x) => Math.round(x * 10) / 10;

const m = await load();
await m.loadPythonParser(root);
const results = [];
for (const n of SIZES) {
  const host = m.generatedWorkspace(n);
  const [check, checkMs, checkCpu] = await timed(() => m.checkPath(host, '/ws', m.defaultSettings));
  const [graph, graphMs, graphCpu] = await timed(() => m.buildGraph(check.model, check.findings, host));
  const [first, firstMs, firstCpu] = await timed(() => m.layoutGraph(graph));
  const layoutWall = [];
  const layoutCpu = [];
  const svgWall = [];
  const svgCpu = [];
  let svg = '';
  for (let i = 0; i < RUNS; i++) {
    const [layout, w, c] = await timed(() => m.layoutGraph(graph));
    layoutWall.push(w);
    layoutCpu.push(c);
    const [s, sw, sc] = await timed(() => m.renderSvg(graph, layout, { standalone: true }));
    svg = s;
    svgWall.push(sw);
    svgCpu.push(sc);
  }
  const row = {
    locations: n,
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    analysisMs: r1(checkMs),
    analysisCpuMs: r1(checkCpu),
    graphMs: r1(graphMs),
    graphCpuMs: r1(graphCpu),
    firstLayoutMs: r1(firstMs),
    firstLayoutCpuMs: r1(firstCpu),
    layoutMs: r1(median(layoutWall)),
    layoutCpuMs: r1(median(layoutCpu)),
    svgMs: r1(median(svgWall)),
    svgCpuMs: r1(median(svgCpu)),
    layoutPlusSvgMs: r1(median(layoutWall) + median(svgWall)),
    layoutPlusSvgCpuMs: r1(median(layoutCpu) + median(svgCpu)),
    svgBytes: svg.length,
    width: first.width,
    height: first.height,
  };
  results.push(row);
  console.log(
    `${String(n).padStart(5)} locations (${row.nodes} nodes, ${row.edges} edges): analysis ${row.analysisMs} ms, graph ${row.graphMs} ms, ` +
      `layout first ${row.firstLayoutMs} ms / warm ${row.layoutMs} ms (cpu ${row.layoutCpuMs}), svg ${row.svgMs} ms; layout+svg ${row.layoutPlusSvgMs} ms (cpu ${row.layoutPlusSvgCpuMs})`,
  );
}
const budgeted = results.find((r) => r.locations === 200);
let budget;
if (budgeted) {
  const cpu = r1(budgeted.analysisCpuMs + budgeted.graphCpuMs + budgeted.firstLayoutCpuMs + budgeted.svgCpuMs);
  const wall = r1(budgeted.analysisMs + budgeted.graphMs + budgeted.firstLayoutMs + budgeted.svgMs);
  budget = { limitMs: BUDGET_MS, cpuMs: cpu, wallMs: wall, ok: cpu < BUDGET_MS };
  console.log(`budget: 200 locations, analysis + graph + first layout + svg = ${cpu} ms cpu (${wall} ms wall), limit ${BUDGET_MS} ms: ${budget.ok ? 'ok' : 'OVER'}`);
  if (!budget.ok) process.exitCode = 1;
}
const result = { date: new Date().toISOString(), node: process.version, runs: RUNS, loadavg: loadavg().map((x) => r1(x)), budget, results };
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/render.json'), JSON.stringify(result, null, 2) + '\n');
console.log(`load average ${result.loadavg.join(' ')}; written to bench/results/render.json`);
