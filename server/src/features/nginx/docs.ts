/**
 * Markdown for nginx directives and variables, shared by hover and the completion details pane:
 * syntax, default, contexts, module, the docs' first sentences and a link to nginx.org.
 */
import type { DirectiveSpec } from '../../nginx/directiveSpec';
import type { BuiltinVariable } from './tables.generated';

/** The documentation of one directive entry. */
export function directiveMarkdown(spec: DirectiveSpec, others: readonly DirectiveSpec[] = []): string {
  const lines: string[] = [];
  lines.push('```nginx');
  for (const s of spec.syntax) lines.push(`${spec.name} ${s}${spec.block ? '' : ';'}`.replace(/ ;$/, ';'));
  lines.push('```');
  if (spec.description) lines.push('', spec.description);
  lines.push('');
  if (spec.default) lines.push(`**Default:** \`${spec.name} ${spec.default.replace(/\n/g, ' ')};\`  `);
  lines.push(`**Context:** ${spec.contexts.map((c) => `\`${c}\``).join(', ')}  `);
  const modules = [spec, ...others.filter((o) => o.module !== spec.module)].map((s) => `\`${s.module}\``);
  lines.push(`**Module:** ${modules.join(', ')}`);
  lines.push('', `[nginx.org documentation](${spec.url})`);
  return lines.join('\n');
}

/** The documentation of a built-in variable (`name` as written, e.g. `http_user_agent`). */
export function variableMarkdown(name: string, v: BuiltinVariable): string {
  const shown = v.prefix ? `$${v.prefix}NAME` : `$${v.name}`;
  const lines = [`\`$${name}\`${v.prefix ? ` (one of the \`${shown}\` variables)` : ''}`, ''];
  if (v.description) lines.push(v.description, '');
  lines.push(`**Module:** \`${v.module}\``);
  const page = v.module === 'core' ? 'ngx_core_module' : v.module;
  const family = page.startsWith('ngx_stream_') ? 'stream/' : page.startsWith('ngx_mail_') ? 'mail/' : page.startsWith('ngx_http_') ? 'http/' : '';
  lines.push('', `[nginx.org documentation](https://nginx.org/en/docs/${family}${page}.html#var_${v.prefix ? v.prefix : v.name})`);
  return lines.join('\n');
}
