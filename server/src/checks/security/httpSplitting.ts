import type { Finding, Fix } from '../../common/diagnostics';
import type { Directive, Word } from '../../nginx/ast';
import { replaceInRange, type Rule, type RuleContext } from '../rule';
import { reportable, scans, unique } from './scan';
import { variablesIn, variableTaint } from './taint';

/** Statuses for which `return CODE URL` puts the URL in a Location header (ngx_http_send_response). */
const REDIRECT_CODES = new Set(['301', '302', '303', '307', '308']);
/** A lone `return` argument is a redirect when it starts so (case-sensitive, as nginx checks). */
const REDIRECT_PREFIX = /^(?:https?:\/\/|\$scheme)/;

/** Where a directive writes a header line from a value, and to whom. */
interface Sink {
  word: Word;
  /** `client`: the response (a lone "\r" breaks it too); `backend`: the request nginx sends on. */
  to: 'client' | 'backend';
}

/** The directives `sinkOf` reads. */
const SINK_DIRECTIVES = ['add_header', 'add_trailer', 'proxy_set_header', 'grpc_set_header', 'return', 'rewrite', 'proxy_pass'];

function sinkOf(d: Directive): Sink | undefined {
  const a = d.args;
  switch (d.name) {
    case 'add_header':
    case 'add_trailer':
      return a.length >= 2 ? { word: a[1], to: 'client' } : undefined;
    case 'proxy_set_header':
    case 'grpc_set_header':
      return a.length >= 2 ? { word: a[1], to: 'backend' } : undefined;
    case 'return':
      if (a.length === 1 && REDIRECT_PREFIX.test(a[0].value)) return { word: a[0], to: 'client' };
      if (a.length >= 2 && REDIRECT_CODES.has(a[0].value)) return { word: a[1], to: 'client' };
      return undefined;
    case 'rewrite': {
      if (a.length < 2) return undefined;
      const flag = a[2]?.value;
      const redirect = flag === 'redirect' || flag === 'permanent' || REDIRECT_PREFIX.test(a[1].value);
      return redirect ? { word: a[1], to: 'client' } : undefined;
    }
    case 'proxy_pass':
      return a.length >= 1 ? { word: a[0], to: 'backend' } : undefined;
    default:
      return undefined;
  }
}

/** What a sink writes, for messages (made only when there is something to report). */
function sinkWhat(d: Directive): string {
  switch (d.name) {
    case 'add_header':
    case 'add_trailer':
      return `the ${d.args[0].value} response header`;
    case 'proxy_set_header':
    case 'grpc_set_header':
      return `the ${d.args[0].value} header sent to the backend`;
    case 'proxy_pass':
      return 'the request line sent to the backend';
    default:
      return 'the Location header of the redirect';
  }
}

/**
 * HTTP response splitting: a variable that can hold a line break (`$uri` and `$document_uri` are the
 * decoded path, so `/%0d%0aSet-Cookie:x=1` puts a line break in them; so can a regex capture of the
 * path whose group matches "\n", such as `([^/]*)`) written into a response header, a redirect's
 * Location, or a header or request line sent to the backend. nginx escapes numbered captures in a
 * `rewrite` replacement itself, so those are not reported. A value that can hold a carriage return
 * but no line feed (`(.*)`: "." stops at "\n" only) is a warning: nginx sends the bare CR (checked
 * against nginx 1.22), which strict clients reject and lenient ones split on.
 */
export const httpSplitting: Rule = {
  id: 'http-splitting',
  severity: 'error',
  description: 'a variable that can hold a line break ($uri, a capture of the path) is written into a header or redirect: header injection',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const scan of scans(ctx)) {
      for (const v of scan.named(...SINK_DIRECTIVES)) {
        const sink = sinkOf(v.directive);
        if (!sink || !sink.word.value.includes('$') || !reportable(ctx, v)) continue;
        for (const ref of variablesIn(sink.word.value)) {
          if (v.directive.name === 'rewrite' && /^[0-9]$/.test(ref.name)) continue;
          const t = variableTaint(scan, v, ref.name);
          const breaks = sink.to === 'client' ? t.newline || t.cr : t.newline;
          if (!breaks) continue;
          const fix = requestUriFix(ctx, v.file.path, sink.word, v.directive);
          const what = sinkWhat(v.directive);
          out.push({
            file: v.file.path,
            start: sink.word.start,
            end: sink.word.end,
            severity: t.newline ? this.severity : 'warning',
            code: this.id,
            message: t.newline ? `$${ref.name} can hold a line break (it is ${t.why}) and goes into ${what}: ${t.why.includes('request path') ? 'a request with %0d%0a in the path' : 'a client that puts a line break there'} ${sink.to === 'client' ? 'adds its own headers to the response (Set-Cookie, a second response)' : 'adds its own headers to the request the backend receives'}. ${advice(ref.name)}`
              : `$${ref.name} can hold a carriage return (it is ${t.why}, and "." matches "\\r") and goes into ${what}: a request with %0d in the path sends a bare CR inside the header, which some clients and proxies read as the end of the line (header injection). ${advice(ref.name)}`,
            ...(fix ? { fixes: [fix] } : {}),
          });
          break;
        }
      }
    }
    return unique(out);
  },
};

function advice(name: string): string {
  if (name === 'uri' || name === 'document_uri') return 'Use $request_uri (raw, still encoded) instead.';
  if (/^[0-9]$/.test(name)) return 'Capture only what cannot hold a line break (e.g. [^/\\r\\n]*), or use $request_uri.';
  return 'Use a value that stays encoded ($request_uri, $args).';
}

/** `$uri$is_args$args` in a redirect is `$request_uri` without the decoding: an exact, safe replacement. */
function requestUriFix(ctx: RuleContext, file: string, word: Word, d: Directive): Fix | undefined {
  if (d.name !== 'return' && d.name !== 'rewrite') return undefined;
  const pattern = /\$(?:uri|document_uri)\$is_args\$args/.exec(word.raw);
  if (!pattern) return undefined;
  const edit = replaceInRange(ctx.host, file, word.start, word.end, pattern[0], '$request_uri');
  return edit ? { title: `Replace ${pattern[0]} with $request_uri`, edits: [edit], preferred: true } : undefined;
}
