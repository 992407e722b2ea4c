// The scaffolded set for each app shape, checked by DeployLens itself: the app plus the generated
// files on a MemoryHost, `checkPath` over the folder, zero errors and zero warnings; the files must
// also really connect (the checker's model sees one gunicorn instance loading the app, and nginx
// proxying to its socket), and breaking a generated file must make the checker speak.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { checkPath } from '../../../server/src/project/check';
import { defaultSettings } from '../../../shared/src/settings';
import { detectApp, scaffold, suggestAnswers, type ScaffoldAnswers, type ScaffoldFile } from '../../../server/src/features/scaffold/index';
import { loadPython } from '../../helpers/python';
import { APP_SHAPES, type AppShape } from './apps';

before(loadPython);

const VARIANTS: Array<Pick<ScaffoldAnswers, 'bind' | 'https'>> = [
  { bind: 'socket', https: false },
  { bind: 'socket', https: true },
  { bind: 'port', https: false },
  { bind: 'port', https: true },
];

function hostFor(shape: AppShape, root: string): MemoryHost {
  return new MemoryHost(Object.fromEntries(Object.entries(shape.files).map(([k, v]) => [`${root}/${k}`, v])));
}

function generate(shape: AppShape, variant: Pick<ScaffoldAnswers, 'bind' | 'https'>, root = `/ws/${shape.name}`): { host: MemoryHost; files: ScaffoldFile[]; root: string } {
  const host = hostFor(shape, root);
  const { app, notes } = detectApp(host, root);
  assert.ok(app, `${shape.name}: nothing detected (${notes.join('; ')})`);
  const s = suggestAnswers(host, root, app);
  const files = scaffold(app, { domain: s.domain ?? 'app.example.com', serverPath: s.serverPath, ...variant }, s.layout);
  for (const f of files) host.set(f.path, f.text);
  return { host, files, root };
}

function problems(host: MemoryHost, root: string): string[] {
  return checkPath(host, root, defaultSettings)
    .findings.filter((f) => f.severity === 'error' || f.severity === 'warning')
    .map((f) => `${f.severity} ${f.code} ${f.file.slice(root.length + 1)}: ${f.message}`);
}

for (const shape of APP_SHAPES) {
  test(`${shape.name}: detected as ${shape.framework} with target ${shape.target} and its static dirs`, () => {
    const root = `/ws/${shape.name}`;
    const { app } = detectApp(hostFor(shape, root), root);
    assert.equal(app?.framework, shape.framework);
    assert.equal(app?.target, shape.target);
    assert.deepEqual(Object.fromEntries(app!.statics.map((d) => [d.url, d.dir?.slice(root.length + 1)])), shape.statics);
    assert.equal(app?.framework === 'django' ? app.settingsEnv : undefined, shape.settingsEnv);
  });

  for (const variant of VARIANTS) {
    test(`${shape.name} (${variant.bind}${variant.https ? ', https' : ''}): the scaffolded set passes every check and connects`, () => {
      const { host, files, root } = generate(shape, variant);
      assert.deepEqual(problems(host, root), []);
      const model = checkPath(host, root, defaultSettings).model!;
      // One gunicorn (the unit; the config file it reads is not a second instance), loading the app.
      assert.equal(model.gunicorn.length, 1);
      const { instance, app } = model.gunicorn[0];
      assert.equal(instance.kind, 'systemd');
      assert.equal(instance.app?.value, shape.target);
      assert.equal(instance.chdirWorkspace, shape.importDir ? `${root}/${shape.importDir}` : root);
      assert.equal(instance.configFile?.file, `${root}/gunicorn.conf.py`);
      assert.deepEqual(instance.binds.map((b) => [b.address, b.origin]), [[variant.bind === 'socket' ? 'unix:/run/gunicorn.sock' : '127.0.0.1:8000', 'socket-activation']]);
      assert.equal(app?.framework, shape.framework);
      assert.equal(app?.target?.kind, 'found');
      if (shape.settingsEnv) assert.equal(app?.django?.settingsModule?.name, shape.settingsEnv);
      // nginx: one site, every static URL served by a location of its own.
      assert.equal(model.nginx.length, 1);
      const site = files.find((f) => f.kind === 'nginx')!.text;
      for (const url of Object.keys(shape.statics)) assert.match(site, new RegExp(`location ${url} \\{\\n\\s+alias /srv/${shape.name}/${shape.statics[url]}/;`));
      if (shape.bodySize) assert.match(site, new RegExp(`client_max_body_size ${shape.bodySize};`));
      else assert.doesNotMatch(site, /client_max_body_size/);
      assert.equal(/return 301 https:\/\/\$host\$request_uri;/.test(site), variant.https);
      const service = files.find((f) => f.kind === 'systemd-service')!.text;
      assert.equal(service.includes(`Environment=DJANGO_SETTINGS_MODULE=${shape.settingsEnv}`), shape.settingsEnv !== undefined);
    });
  }
}

/** Edits of a generated file that break the chain: the checker must report each. */
const BREAKS: Array<{ what: string; kind: ScaffoldFile['kind']; from: RegExp; to: string; code: RegExp }> = [
  { what: 'the socket path in the site', kind: 'nginx', from: /unix:\/run\/gunicorn\.sock/, to: 'unix:/run/other.sock', code: /proxy-target-not-bound|bind-not-proxied/ },
  { what: 'the socket path in the socket unit', kind: 'systemd-socket', from: /ListenStream=\/run\/gunicorn\.sock/, to: 'ListenStream=/run/other.sock', code: /proxy-target-not-bound|bind-not-proxied/ },
  { what: "the alias's trailing slash", kind: 'nginx', from: /(alias [^;]*)\/;/, to: '$1;', code: /static-alias-no-slash/ },
  { what: 'the static folder in the alias', kind: 'nginx', from: /alias \/srv\/pybo\/pybo\/static\//, to: 'alias /srv/pybo/static/', code: /static-dir-mismatch/ },
  { what: 'the factory call in the unit', kind: 'systemd-service', from: /"pybo:create_app\(\)"/, to: 'pybo:create_app', code: /wsgi|factory/ },
];

for (const b of BREAKS) {
  test(`the checks are live: breaking ${b.what} is reported`, () => {
    const shape = APP_SHAPES.find((s) => s.name === 'pybo')!;
    const { host, files, root } = generate(shape, { bind: 'socket', https: false });
    const file = files.find((f) => f.kind === b.kind)!;
    assert.match(file.text, b.from);
    host.set(file.path, file.text.replace(b.from, b.to));
    const found = problems(host, root);
    assert.ok(
      found.some((p) => b.code.test(p)),
      `expected ${b.code} after breaking ${b.what}; got ${JSON.stringify(found)}`,
    );
  });
}
