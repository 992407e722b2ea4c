/**
 * SARIF 2.1.0 output of `deploylens check --format sarif`, for GitHub code scanning and other CI
 * viewers: one run, the rules that fired (with help URIs to their documentation pages), results with
 * physical locations relative to the checked folder, and fixes as artifact changes.
 */
import type { Finding } from '../common/diagnostics';
import type { LineIndex } from '../common/text';
import { codeInfo, docPath } from '../project/codes';

const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Inputs of `toSarif`: findings with a way to place them. */
export interface SarifInput {
  findings: Finding[];
  /** The LineIndex of a finding's file. */
  index(file: string): LineIndex;
  /** The path SARIF shows for a file (relative to the checked folder, `/`-separated). */
  relative(file: string): string;
  /** file:// URI of the checked folder, ending with `/`. */
  baseUri: string;
  version: string;
  /** Where the rule pages live (`<docsBase><id>.md`). */
  docsBase: string;
}

/** Builds the SARIF log (a plain object, JSON.stringify it). */
export function toSarif(input: SarifInput): object {
  const ruleIds = [...new Set(input.findings.map((f) => f.code))].sort();
  const rules = ruleIds.map((id) => {
    const info = codeInfo(id);
    const example = input.findings.find((f) => f.code === id)!;
    return {
      id,
      shortDescription: { text: info?.description ?? example.message },
      helpUri: input.docsBase + docPath(id).slice('docs/rules/'.length),
      defaultConfiguration: { level: LEVEL[info?.severity ?? example.severity] },
    };
  });
  const region = (file: string, start: number, end: number) => {
    const idx = input.index(file);
    const s = idx.humanAt(start);
    const e = idx.humanAt(end);
    return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  };
  const location = (file: string) => ({ uri: input.relative(file), uriBaseId: 'SRCROOT' });
  const results = input.findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: ruleIds.indexOf(f.code),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: location(f.file), region: region(f.file, f.start, f.end) } }],
    ...(f.related?.length
      ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: { artifactLocation: location(r.file), region: region(r.file, r.start, r.end) } })) }
      : {}),
    ...(f.fixes?.length
      ? {
          fixes: f.fixes.map((fix) => ({
            description: { text: fix.title },
            artifactChanges: [...new Set(fix.edits.map((e) => e.file))].map((file) => ({
              artifactLocation: location(file),
              replacements: fix.edits.filter((e) => e.file === file).map((e) => ({ deletedRegion: region(file, e.start, e.end), insertedContent: { text: e.newText } })),
            })),
          })),
        }
      : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'DeployLens', version: input.version, informationUri: input.docsBase.replace(/docs\/rules\/$/, ''), rules } },
        originalUriBaseIds: { SRCROOT: { uri: input.baseUri } },
        results,
      },
    ],
  };
}
