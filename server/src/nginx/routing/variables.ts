/**
 * Expands nginx variables in a directive value (`ngx_http_script_compile` syntax): `$name` (letters,
 * digits, `_`), `${name}`, and the captures `$1`..`$9` (one digit: `$12` is `$1` then "2").
 * `lookup` returns a variable's value, or undefined when the router does not know it; the unknown
 * names are reported and left as written.
 */
export function expandVariables(text: string, lookup: (name: string) => string | undefined): { value: string; unknown: string[] } {
  let value = '';
  const unknown: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      value += c;
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) {
        value += text.slice(i);
        break;
      }
      name = text.slice(i + 2, close);
      end = close + 1;
    } else if (/[1-9]/.test(text[i + 1] ?? '')) {
      name = text[i + 1];
      end = i + 2;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(text.slice(i + 1));
      if (!m) {
        value += c;
        i++;
        continue;
      }
      name = m[0];
      end = i + 1 + name.length;
    }
    const v = lookup(name);
    if (v === undefined) {
      unknown.push(name);
      value += text.slice(i, end);
    } else value += v;
    i = end;
  }
  return { value, unknown };
}

/** Whether a value uses variables at all (nginx then evaluates it per request). */
export function hasVariables(text: string): boolean {
  return /\$(\{[^}]*\}|[A-Za-z0-9_])/.test(text);
}
