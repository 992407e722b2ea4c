/**
 * readUrlStatic: which URL patterns of a Django URLconf serve static files under gunicorn (the
 * development helpers, which need DEBUG = True, and hand-routed serve views), through aliases,
 * module imports and URLconfs included by name.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { readUrlStatic } from '../../../server/src/project/app/djangoUrls';
import { createModuleLoader } from '../../../server/src/project/app/loader';
import { loadPython } from '../../helpers/python';

before(async () => {
  await loadPython();
});

// [name, urls.py, other files, known, uses as kind:staticUrl]
const rows: Array<[string, string, Record<string, string>, boolean, string[]]> = [
  ['no helper', "from django.urls import path\nurlpatterns = [path('a/', print)]\n", {}, true, []],
  ['static(settings.STATIC_URL)', 'from django.conf import settings\nfrom django.conf.urls.static import static\nurlpatterns = [] + static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)\n', {}, true, ['static:true']],
  ['static(MEDIA_URL) only', 'from django.conf import settings\nfrom django.conf.urls.static import static\nurlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n', {}, true, ['static:false']],
  ['a literal prefix equal to STATIC_URL', "from django.conf.urls.static import static\nurlpatterns = static('static/', document_root='/srv/s')\n", {}, true, ['static:true']],
  ['an alias', 'from django.conf import settings\nfrom django.conf.urls.static import static as serve_static\nurlpatterns = serve_static(settings.STATIC_URL)\n', {}, true, ['static:true']],
  ['a module import', 'import django.conf.urls.static\nfrom django.conf import settings\nurlpatterns = django.conf.urls.static.static(settings.STATIC_URL)\n', {}, true, ['static:true']],
  ['staticfiles_urlpatterns() under if DEBUG', 'from django.conf import settings\nfrom django.contrib.staticfiles.urls import staticfiles_urlpatterns\nurlpatterns = []\nif settings.DEBUG:\n    urlpatterns += staticfiles_urlpatterns()\n', {}, true, ['staticfiles:true']],
  ['include of django.contrib.staticfiles.urls', "from django.urls import include, path\nurlpatterns = [path('', include('django.contrib.staticfiles.urls'))]\n", {}, true, ['staticfiles:true']],
  ['a helper in an included workspace URLconf', "from django.urls import include, path\nurlpatterns = [path('', include('site.more')), path('x/', include('thirdparty.urls'))]\n", { 'site/more.py': 'from django.conf import settings\nfrom django.conf.urls.static import static\nurlpatterns = static(settings.STATIC_URL)\n' }, true, ['static:true']],
  ['serve routed by hand', "from django.urls import re_path\nfrom django.views import static\nurlpatterns = [re_path(r'^static/(?P<path>.*)$', static.serve, {'document_root': '/srv'})]\n", {}, true, ['serve:true']],
  ['a "static" of its own is not the helper', "def static(x):\n    return []\nurlpatterns = static('/static/')\n", {}, true, []],
];

for (const [name, urls, others, known, uses] of rows) {
  test(`URLconf static serving: ${name}`, () => {
    const files: Record<string, string> = { '/ws/site/__init__.py': '', '/ws/site/urls.py': urls };
    for (const [k, v] of Object.entries(others)) files[`/ws/${k}`] = v;
    const loader = createModuleLoader(new MemoryHost(files), { searchPaths: ['/ws'], cwd: '/ws' });
    const r = readUrlStatic(loader, 'site.urls', '/static/');
    assert.equal(r.known, known);
    assert.deepEqual(r.uses.map((u) => `${u.kind}:${u.staticUrl}`), uses);
  });
}

test('URLconf static serving: a URLconf outside the workspace is unknown', () => {
  const loader = createModuleLoader(new MemoryHost({ '/ws/site/__init__.py': '' }), { searchPaths: ['/ws'], cwd: '/ws' });
  assert.deepEqual(readUrlStatic(loader, 'site.urls', '/static/'), { known: false, uses: [], modules: [] });
  assert.equal(readUrlStatic(loader, undefined, '/static/').known, false);
});
