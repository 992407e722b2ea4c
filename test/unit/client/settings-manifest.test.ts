// package.json's `contributes.configuration` is what VS Code shows and validates; shared/src/settings.ts
// is what the server and the CLI read. They must declare the same keys with the same defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultSettings } from '../../../shared/src/settings';

interface PropertySchema {
  type?: string;
  default?: unknown;
  enum?: string[];
  additionalProperties?: { type?: string; enum?: string[] };
  items?: { type?: string };
  description?: string;
  markdownDescription?: string;
}

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
const properties: Record<string, PropertySchema> = manifest.contributes.configuration.properties;
/** Settings only the extension itself reads (vscode-languageclient's tracing), not part of DeployLensSettings. */
const CLIENT_ONLY = new Set(['deploylens.trace.server']);
const shared = Object.entries(properties).filter(([k]) => !CLIENT_ONLY.has(k));

test('package.json declares exactly the keys of defaultSettings', () => {
  const declared = shared.map(([k]) => k.replace(/^deploylens\./, '')).sort();
  assert.deepEqual(declared, Object.keys(defaultSettings).sort());
});

test('package.json defaults equal defaultSettings', () => {
  for (const [key, schema] of shared) {
    const name = key.replace(/^deploylens\./, '') as keyof typeof defaultSettings;
    assert.deepEqual(schema.default, defaultSettings[name], key);
  }
});

test('the JSON schema type of each setting matches the type of its default', () => {
  const jsonType = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  for (const [key, schema] of Object.entries(properties)) {
    assert.equal(schema.type, jsonType(schema.default), key);
    assert.ok((schema.description ?? schema.markdownDescription ?? '').length > 20, `${key} needs a description`);
  }
});

test('the rule severities offered match RuleSeverity', () => {
  // RuleSeverity is a type, so compare with the values settings.ts's normalizer accepts.
  assert.deepEqual(properties['deploylens.rules'].additionalProperties?.enum, ['off', 'hint', 'information', 'warning', 'error']);
});

test('version settings accept what the server compares and reject what it cannot', () => {
  for (const key of ['deploylens.nginxVersion', 'deploylens.gunicornVersion']) {
    const pattern = new RegExp((properties[key] as { pattern: string }).pattern);
    for (const ok of ['', '1.22.1', '20.1', '1.25.0']) assert.ok(pattern.test(ok), `${key} accepts ${JSON.stringify(ok)}`);
    for (const bad of ['1', 'latest', 'v1.2.3', '1.2.3.4', ' 1.2']) assert.ok(!pattern.test(bad), `${key} rejects ${JSON.stringify(bad)}`);
  }
});
