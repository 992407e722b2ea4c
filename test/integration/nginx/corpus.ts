// Conformance of the nginx checker against the corpus of real configs with `nginx -t` verdicts
// (/work/shared/corpus/nginx, see its README), shared by conformance.test.ts and the
// `node --import tsx scripts/conformance.ts` report. Each case is loaded and checked the way an
// editor would: through the real file system (NodeHost), the context inferred from the file,
// never read from the corpus index.
//
// - valid cases (and env cases of kind newer-nginx-*, valid in current nginx) must get no error;
// - invalid cases should get an error on the line nginx reported.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../../server/src/common/diagnostics';
import type { DirEntry, FileStat, ProjectHost } from '../../../server/src/common/host';
import { LineIndex } from '../../../server/src/common/text';
import { checkNginx, loadNginxConfig } from '../../../server/src/nginx/index';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { CORPUS_DIR } from '../../helpers/shared';

/** Where the corpus lives (override with DEPLOYLENS_NGINX_CORPUS). */
export { CORPUS_DIR };

interface CorpusCase {
  id: string;
  source: string;
  main: string;
  files: string[];
  context: string;
  verdict: 'valid' | 'invalid' | 'env';
  kind: string | null;
  nginx_error: { message: string; file: string | null; line: number | null } | null;
  nginx_warnings: string[];
  env_stubs: string[];
  deploy: string;
}

/** The outcome of one case. */
export interface CaseResult {
  id: string;
  verdict: 'valid' | 'invalid';
  /** valid: no error; invalid: an error on nginx's line (or anywhere when nginx gave no line). */
  pass: boolean;
  errors: Finding[];
  nginxError?: string;
  /** `the "x" directive is deprecated` warnings: how many nginx printed, how many the checker gave. */
  deprecations: { nginx: number; checker: number };
}

/** Totals and the failing cases. */
export interface ConformanceReport {
  valid: { total: number; passed: number };
  invalid: { total: number; passed: number };
  results: CaseResult[];
  ms: number;
}

/**
 * The file system as the case saw it. The corpus generator ran nginx-tests cases from
 * /tmp/nginx-corpus/<source>/<name>/ (their configs name that path): those paths are read from
 * the corpus checkout. And the verdicts were obtained with environment stubs (README,
 * `env_stubs`): `empty:<path>` files that the generator created empty because the case's own
 * repository computes or omits them; those exist here too, as empty files, at the workspace path
 * the case's tree maps them to. Nothing else is faked.
 */
class CorpusHost implements ProjectHost {
  private readonly disk = new NodeHost();
  private stubs = new Set<string>();
  constructor(private readonly corpus: string) {}
  /** Sets the empty-file stubs of the case about to be checked. */
  useStubs(c: CorpusCase): void {
    this.stubs = new Set();
    // Whole trees were copied over /etc/nginx: /etc/nginx/x is <case dir>/x (or <main's dir>/x).
    const tree = /^(files copied over|tree copied to|conf\/ copied to)/.test(c.deploy);
    for (const s of c.env_stubs) {
      if (!s.startsWith('empty:')) continue;
      const p = s.slice('empty:'.length);
      if (p.startsWith('/tmp/nginx-corpus/')) this.stubs.add(this.map(p));
      else if (tree && p.startsWith('/etc/nginx/')) this.stubs.add(join(caseDir(c), p.slice('/etc/nginx/'.length)));
    }
  }
  private map(p: string): string {
    return p.startsWith('/tmp/nginx-corpus/') ? join(this.corpus, p.slice('/tmp/nginx-corpus/'.length)) : p;
  }
  readFile(p: string): string | undefined {
    const m = this.map(p);
    return this.stubs.has(m) && !existsSync(m) ? '' : this.disk.readFile(m);
  }
  stat(p: string): FileStat | undefined {
    const m = this.map(p);
    return this.stubs.has(m) && !existsSync(m) ? { type: 'file', size: 0 } : this.disk.stat(m);
  }
  readDirectory(p: string): DirEntry[] {
    return this.disk.readDirectory(this.map(p));
  }
  realpath(p: string): string {
    return this.disk.realpath(this.map(p));
  }
}

/** The cases scored: valid ones, env ones that current nginx accepts, and invalid ones. */
function scored(c: CorpusCase): 'valid' | 'invalid' | undefined {
  if (c.verdict === 'valid') return 'valid';
  if (c.verdict === 'env' && (c.kind === 'newer-nginx-directive' || c.kind === 'newer-nginx-syntax')) return 'valid';
  if (c.verdict === 'invalid') return 'invalid';
  return undefined;
}

/** The case directory: `<source>/<name>` under the corpus. */
function caseDir(c: CorpusCase): string {
  return join(CORPUS_DIR, c.id);
}

/** Runs every scored case (or those whose id contains `only`). */
export function runConformance(only?: string): ConformanceReport {
  const t0 = performance.now();
  const cases: CorpusCase[] = JSON.parse(readFileSync(join(CORPUS_DIR, 'index.json'), 'utf8'));
  const host = new CorpusHost(CORPUS_DIR);
  const results: CaseResult[] = [];
  for (const c of cases) {
    const verdict = scored(c);
    if (!verdict || (only && !c.id.includes(only))) continue;
    const mainPath = join(CORPUS_DIR, c.main);
    host.useStubs(c);
    const config = loadNginxConfig(host, mainPath, { workspaceRoot: caseDir(c) });
    const findings = checkNginx(config);
    const errors = findings.filter((f) => f.severity === 'error');
    const deprecations = {
      nginx: c.nginx_warnings.filter((w) => /directive is deprecated|is obsolete/.test(w)).length,
      checker: findings.filter((f) => f.code === 'nginx-deprecated' && f.severity === 'warning').length,
    };
    let pass: boolean;
    if (verdict === 'valid') pass = errors.length === 0;
    else pass = hitsNginxLine(c, errors);
    results.push({ id: c.id, verdict, pass, errors, nginxError: c.nginx_error?.message, deprecations });
  }
  const count = (v: 'valid' | 'invalid') => ({
    total: results.filter((r) => r.verdict === v).length,
    passed: results.filter((r) => r.verdict === v && r.pass).length,
  });
  return { valid: count('valid'), invalid: count('invalid'), results, ms: performance.now() - t0 };
}

/** True when some error covers the file and line nginx named (any error when it named none). */
function hitsNginxLine(c: CorpusCase, errors: Finding[]): boolean {
  const e = c.nginx_error;
  if (!e || !e.file || !e.line) return errors.length > 0;
  const file = e.file.startsWith('/') ? e.file : join(caseDir(c), e.file);
  if (!existsSync(file)) return errors.length > 0;
  const index = new LineIndex(readFileSync(file, 'utf8'));
  // The error's range must cover nginx's line (a missing ";" runs from the word to the "}" nginx names).
  return errors.some((f) => f.file === file && index.humanAt(f.start).line <= e.line! && e.line! <= index.humanAt(Math.max(f.start, f.end - 1)).line);
}

