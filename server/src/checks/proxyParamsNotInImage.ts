import type { Finding, Fix } from '../common/diagnostics';
import type { Directive } from '../nginx/ast';
import { DEBIAN_CONF_DIR } from '../nginx/debian';
import { lineStart } from './edits';
import { where, type Rule, type RuleContext } from './rule';

/** An nginx base image without Debian's /etc/nginx/proxy_params: the official image and its variants, Alpine. */
const NON_DEBIAN_NGINX = /^(?:docker\.io\/)?(?:library\/)?(?:nginx|nginxinc\/[\w.-]+|bitnami\/nginx)(?:[:@].*)?$/i;

/** Where a workspace says nginx runs in a non-Debian image: the Dockerfile or compose line. */
function nonDebianImage(ctx: RuleContext): { file: string; start: number; end: number; image: string } | undefined {
  const candidates = ctx.model.files.filter((f) => f.kind === 'dockerfile').map((f) => f.path);
  for (const name of ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml']) candidates.push(`${ctx.model.root}/${name}`);
  for (const file of candidates) {
    const text = ctx.host.readFile(file);
    if (text === undefined) continue;
    const re = file.endsWith('.yml') || file.endsWith('.yaml') ? /^[ \t]*image:[ \t]*["']?([^\s"'#]+)/gm : /^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(\S+)/gim;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const image = m[1];
      const alpineNginx = /^alpine(:|$)/i.test(image) && /apk\s+add[^\n]*\bnginx\b/.test(text);
      if (NON_DEBIAN_NGINX.test(image) || alpineNginx) return { file, start: m.index + m[0].indexOf(image), end: m.index + m[0].indexOf(image) + image.length, image };
    }
  }
  return undefined;
}

const PROXY_PARAMS_LINES = ['proxy_set_header Host $http_host;', 'proxy_set_header X-Real-IP $remote_addr;', 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', 'proxy_set_header X-Forwarded-Proto $scheme;'];

/**
 * `include proxy_params;` resolves to Debian's stock /etc/nginx/proxy_params, but the workspace
 * runs nginx from an image that has no such file (the official `nginx` image, Alpine): nginx stops
 * with `open() "/etc/nginx/proxy_params" failed`. The fix writes the four headers it would set.
 */
export const proxyParamsNotInImage: Rule = {
  id: 'proxy-params-not-in-image',
  severity: 'warning',
  description: 'include proxy_params with an nginx image that has no Debian proxy_params file',
  check(ctx: RuleContext): Finding[] {
    const image = nonDebianImage(ctx);
    if (!image) return [];
    const out: Finding[] = [];
    const seen = new Set<Directive>();
    for (const site of ctx.model.nginx) {
      for (const [d, targets] of site.config.includes) {
        if (seen.has(d) || d.args[0]?.value.replace(/^\/etc\/nginx\//, '') !== 'proxy_params') continue;
        // Only the stock file: a proxy_params the workspace ships (and copies into the image) is fine.
        if (!targets.some((t) => t.path === `${DEBIAN_CONF_DIR}/proxy_params` && !t.path.startsWith(ctx.model.root + '/'))) continue;
        seen.add(d);
        const file = [...site.config.files.values()].find((f) => containsDirective(f.children, d))?.path;
        if (!file) continue;
        const text = ctx.host.readFile(file) ?? '';
        const { start, indent } = lineStart(text, d.start);
        const fixes: Fix[] = [];
        if (start + indent.length === d.start && text[d.end - 1] === ';') {
          fixes.push({ title: 'Write the headers proxy_params would set', edits: [{ file, start: d.start, end: d.end, newText: PROXY_PARAMS_LINES.join(`\n${indent}`) }], preferred: true });
        }
        out.push({
          file,
          start: d.start,
          end: d.end,
          severity: this.severity,
          code: this.id,
          message: `proxy_params is a file of Debian's nginx package, but nginx runs from the image ${image.image} (${where(ctx.host, image.file, image.start, ctx.model.root)}), which has none: nginx stops with open() "/etc/nginx/proxy_params" failed. Write the proxy_set_header lines instead, or copy a proxy_params into the image`,
          related: [{ file: image.file, start: image.start, end: image.end, message: `nginx image ${image.image}` }],
          ...(fixes.length ? { fixes } : {}),
        });
      }
    }
    return out;
  },
};

function containsDirective(children: readonly import('../nginx/ast').Statement[], d: Directive): boolean {
  for (const c of children) {
    if (c === d) return true;
    if (c.type === 'directive' && c.block && containsDirective(c.block.children, d)) return true;
  }
  return false;
}
