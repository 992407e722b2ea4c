/**
 * Escaping for every output format. Strings come from config files (server names, paths, messages)
 * and are attacker-controlled as far as the renderer knows: `<img src=x onerror=alert(1)>` as a
 * server_name must print as text in SVG, DOT and Mermaid alike.
 */

/**
 * XML text and attribute values: the five special characters as entities, and characters XML 1.0
 * forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/U+FFFF) as U+FFFD, so the SVG
 * always parses.
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ENTITY[c]);
}

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A DOT double-quoted string's content: backslash and quote escaped (a backslash would otherwise
 * start `\n`/`\l` escapes), line breaks as `\n`. `<` needs nothing: only `<...>` HTML labels parse it.
 */
export function escapeDot(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r/g, '\\n');
}

/**
 * Text inside a Mermaid `["..."]` label: Mermaid reads entity codes (`#60;`), and its labels may be
 * rendered as HTML, so quotes, angle brackets, ampersands, `#` and backticks become codes; line
 * breaks become spaces.
 */
export function escapeMermaid(s: string): string {
  return s.replace(/\r?\n|\r/g, ' ').replace(/["<>&#`]/g, (c) => `#${c.charCodeAt(0)};`);
}
