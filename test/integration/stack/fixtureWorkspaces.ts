// The cross-check fixtures of test/fixtures/workspaces (H9's: a case.json per folder says whether
// the deployment works and where the findings must be) deployed the same way. The deployment
// (mirror layout, the nginx file, the systemd unit) is read from the folder; what the app must
// answer comes from the working workspace each folder derives from.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Requests, StackSpec } from './deploy';

/** Where the fixtures are. */
export const WORKSPACES = join(__dirname, '..', '..', 'fixtures', 'workspaces');

/** A fixture workspace as a deployment to compare. */
export interface FixtureWorkspace {
  name: string;
  dir: string;
  about: string;
  working: boolean;
  /** Lines a finding is expected on (case.json `expect`): the breaking error must be on one of them. */
  at: Array<{ file: string; line: string }>;
  /** The issue rates the expected rule a warning (rules 6, 7, 11). */
  warningCounts: boolean;
  spec?: StackSpec;
  /** Why it is not deployed here. */
  skip?: string;
}

/** What the app of each working base intends, and the commands its deployment runs first. */
const APPS: Record<string, { host: string; requests: Requests; collectstatic?: { dir: string; settings?: string } }> = {
  'pybo-wikidocs': {
    host: '13.124.0.72',
    requests: {
      static: [{ url: '/static/style.css', file: '/home/ubuntu/projects/myproject/pybo/static/style.css' }],
      dynamic: [
        { url: '/hello', contains: 'Hello, Pybo!' },
        { url: '/', contains: '<h1>pybo</h1>' },
      ],
      leaks: [{ url: '/static../__init__.py', file: '/home/ubuntu/projects/myproject/pybo/__init__.py' }],
    },
  },
  'do-flask': {
    host: 'your_domain',
    requests: {
      static: [{ url: '/static/style.css', file: '/home/sammy/myproject/static/style.css' }],
      dynamic: [{ url: '/', contains: 'Hello There!' }],
      leaks: [{ url: '/static../myproject.py', file: '/home/sammy/myproject/myproject.py' }],
    },
  },
  'do-django': django('/home/sammy/myprojectdir', ['/static/myproject/site.css:myproject/static/myproject/site.css']),
  'do-django-1604': django('/home/sammy/myproject', ['/static/myproject/site.css:myproject/static/myproject/site.css']),
  'django-mysite': django('/home/ubuntu/mysite', ['/static/polls/app.css:polls/static/polls/app.css', '/static/site.css:static_src/site.css', '/static/admin/css/base.css:system:/usr/lib/python3/dist-packages/django/contrib/admin/static/admin/css/base.css']),
  'gunicorn-docs-fixed': django('/home/someuser/applicationroot', ['/static/applicationname/app.css:applicationname/static/applicationname/app.css'], 'applicationname/settings.py', 'applicationname.settings'),
};
APPS['gunicorn-docs'] = APPS['gunicorn-docs-fixed']!;

/**
 * A Django project at `dir` (server path): static files "url:file" (file relative to dir, or
 * system:path), /hello/ echoes the host. `settings`: the settings module when there is no manage.py.
 */
function django(dir: string, statics: string[], leak = 'manage.py', settings?: string): { host: string; requests: Requests; collectstatic: { dir: string; settings?: string } } {
  return {
    host: 'example.com',
    collectstatic: { dir, ...(settings ? { settings } : {}) },
    requests: {
      static: statics.map((s) => {
        const [url, file] = [s.slice(0, s.indexOf(':')), s.slice(s.indexOf(':') + 1)];
        return { url, file: file.startsWith('system:') ? file : `${dir}/${file}` };
      }),
      dynamic: [{ url: '/hello/', contains: 'Hello, example.com' }],
      leaks: [{ url: `/static../${leak}`, file: `${dir}/${leak}` }],
    },
  };
}

/** `manage.py collectstatic`, or `python3 -m django collectstatic` with the settings module when the project has no manage.py. */
function collectstatic(c: { dir: string; settings?: string }): NonNullable<StackSpec['prepare']>[number] {
  if (!c.settings) return { cwd: c.dir, argv: ['/usr/bin/python3', 'manage.py', 'collectstatic', '--noinput'] };
  return { cwd: c.dir, argv: ['/usr/bin/python3', '-m', 'django', 'collectstatic', '--noinput'], env: { DJANGO_SETTINGS_MODULE: c.settings } };
}

/** Cases whose expected rule the issue rates a warning: a warning on the line counts as agreement. */
const WARNING_RULES = new Set(['socket-permission', 'static-shadowed-by-regex', 'static-not-served']);

function filesUnder(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith('.')) : [];
}

/** Every fixture workspace with a case.json, with its deployment when this harness can deploy it. */
export function fixtureWorkspaces(): FixtureWorkspace[] {
  return filesUnder(WORKSPACES)
    .filter((name) => existsSync(join(WORKSPACES, name, 'case.json')))
    .sort()
    .map((name) => {
      const dir = join(WORKSPACES, name);
      const c = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { base?: string; about: string; working: boolean; expect: Array<{ code: string; file: string; line: string }> };
      const base = c.base ?? name;
      const out: FixtureWorkspace = {
        name,
        dir,
        about: c.about,
        working: c.working,
        at: c.expect.map((e) => ({ file: e.file, line: e.line })),
        warningCounts: c.expect.length > 0 && c.expect.every((e) => WARNING_RULES.has(e.code)),
      };
      const app = APPS[base];
      const units = filesUnder(join(dir, 'etc/systemd/system'));
      const service = units.find((u) => u.endsWith('.service'));
      const sites = filesUnder(join(dir, 'etc/nginx/sites-available'));
      const main = existsSync(join(dir, 'etc/nginx/nginx.conf'));
      if (!app) return { ...out, skip: `no deployment known for base ${base} (repository layout, or a container image)` };
      if (!service || (!main && sites.length !== 1)) return { ...out, skip: 'not a mirror layout with one systemd service and one nginx site' };
      const socket = units.find((u) => u === service.replace(/\.service$/, '.socket'));
      const spec: StackSpec = {
        mounts: [{ from: '.', to: '/' }],
        nginx: main ? { main: 'etc/nginx/nginx.conf' } : { site: `etc/nginx/sites-available/${sites[0]}` },
        launcher: { kind: 'systemd', service: `etc/systemd/system/${service}`, ...(socket ? { socket: `etc/systemd/system/${socket}` } : {}) },
        host: app.host,
        requests: app.requests,
        ...(app.collectstatic ? { prepare: [collectstatic(app.collectstatic)] } : {}),
      };
      return { ...out, spec };
    });
}
