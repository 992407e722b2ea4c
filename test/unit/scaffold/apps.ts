/**
 * The app shapes the scaffold tests run on, as `relative path -> text`: each is a real, runnable app
 * (Flask 2.2 / Django 3.2 as Debian ships them), without deployment files. The unit tests check the
 * scaffolded set on a MemoryHost; the integration tests write them to disk and run nginx/gunicorn.
 */

/** One app shape: its files, and what the scaffold must infer from them. */
export interface AppShape {
  name: string;
  files: Record<string, string>;
  framework: 'flask' | 'django';
  /** The WSGI target gunicorn must get. */
  target: string;
  /** `url -> workspace dir relative to the app root` of every static/media location expected. */
  statics: Record<string, string>;
  /** client_max_body_size expected in the site, if the app sets a limit. */
  bodySize?: string;
  /** A page the app answers with 200 and the text it contains (for the live run). */
  page?: { path: string; contains: string };
  /** A static file: URL and content (for the live run). */
  staticFile?: { path: string; contains: string };
  /** DJANGO_SETTINGS_MODULE the unit must set (split settings), if any. */
  settingsEnv?: string;
  /** The import root relative to the app folder when it is not the folder itself (`src`). */
  importDir?: string;
}

const CSS = 'body { color: teal }\n';

/** Flask, one module: `app.py` with `app = Flask(__name__)`. */
const flaskModule: AppShape = {
  name: 'flask-module',
  framework: 'flask',
  target: 'app:app',
  statics: { '/static/': 'static' },
  bodySize: '8m',
  page: { path: '/', contains: 'hello from app.py' },
  staticFile: { path: '/static/style.css', contains: 'teal' },
  files: {
    'app.py': [
      'from flask import Flask',
      '',
      'app = Flask(__name__)',
      'app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024',
      '',
      '',
      '@app.route("/")',
      'def index():',
      '    return "hello from app.py"',
      '',
      '',
      'if __name__ == "__main__":',
      '    app.run(debug=True)',
      '',
    ].join('\n'),
    'static/style.css': CSS,
    'requirements.txt': 'flask\ngunicorn\n',
  },
};

/** Flask, a package with a `create_app()` factory and blueprints (the pybo tutorial's layout). */
const flaskPybo: AppShape = {
  name: 'pybo',
  framework: 'flask',
  target: 'pybo:create_app()',
  statics: { '/static/': 'pybo/static' },
  bodySize: '16m',
  page: { path: '/hello', contains: 'Hello, Pybo!' },
  staticFile: { path: '/static/style.css', contains: 'teal' },
  files: {
    'pybo/__init__.py': [
      'from flask import Flask',
      '',
      '',
      'def create_app():',
      '    app = Flask(__name__)',
      '    app.config.from_object("config")',
      '',
      '    from .views import main_views, question_views',
      '',
      '    app.register_blueprint(main_views.bp)',
      '    app.register_blueprint(question_views.bp)',
      '    return app',
      '',
    ].join('\n'),
    'pybo/views/__init__.py': '',
    'pybo/views/main_views.py': [
      'from flask import Blueprint',
      '',
      'bp = Blueprint("main", __name__, url_prefix="/")',
      '',
      '',
      '@bp.route("/hello")',
      'def hello():',
      '    return "Hello, Pybo!"',
      '',
    ].join('\n'),
    'pybo/views/question_views.py': [
      'from flask import Blueprint',
      '',
      'bp = Blueprint("question", __name__, url_prefix="/question")',
      '',
      '',
      '@bp.route("/list/")',
      'def _list():',
      '    return "questions"',
      '',
    ].join('\n'),
    'pybo/static/style.css': CSS,
    'config.py': ['import os', '', 'BASE_DIR = os.path.dirname(__file__)', 'MAX_CONTENT_LENGTH = 16 * 1024 * 1024', ''].join('\n'),
  },
};

/**
 * Flask, a factory whose arguments all have defaults, a custom static folder and URL, and a
 * blueprint with its own static folder under a prefix: two static locations.
 */
const flaskFactoryArgs: AppShape = {
  name: 'shop',
  framework: 'flask',
  target: 'shop:create_app()',
  statics: { '/assets/': 'shop/assets', '/admin/static/': 'shop/admin/static' },
  page: { path: '/', contains: 'shop home' },
  staticFile: { path: '/assets/site.css', contains: 'teal' },
  files: {
    'shop/__init__.py': [
      'from flask import Flask',
      '',
      '',
      'def create_app(config_name="production", test_config=None):',
      '    app = Flask(__name__, static_folder="assets", static_url_path="/assets")',
      '    if test_config is not None:',
      '        app.config.update(test_config)',
      '',
      '    from .admin import admin',
      '',
      '    app.register_blueprint(admin)',
      '',
      '    @app.route("/")',
      '    def home():',
      '        return "shop home (%s)" % config_name',
      '',
      '    return app',
      '',
    ].join('\n'),
    'shop/admin/__init__.py': [
      'from flask import Blueprint',
      '',
      'admin = Blueprint("admin", __name__, static_folder="static", url_prefix="/admin")',
      '',
      '',
      '@admin.route("/")',
      'def dashboard():',
      '    return "admin"',
      '',
    ].join('\n'),
    'shop/assets/site.css': CSS,
    'shop/admin/static/admin.css': CSS,
    'tests/test_shop.py': 'from shop import create_app\n\n\ndef test_home():\n    assert create_app(test_config={"TESTING": True})\n',
  },
};

/** Flask, the `src/` layout of a packaged project (the Flask tutorial's flaskr, installable). */
const flaskSrc: AppShape = {
  name: 'flaskr',
  framework: 'flask',
  target: 'flaskr:create_app()',
  importDir: 'src',
  statics: { '/static/': 'src/flaskr/static' },
  page: { path: '/hello', contains: 'Hello, World!' },
  staticFile: { path: '/static/style.css', contains: 'teal' },
  files: {
    'pyproject.toml': '[project]\nname = "flaskr"\nversion = "1.0.0"\ndependencies = ["flask"]\n',
    'src/flaskr/__init__.py': [
      'import os',
      '',
      'from flask import Flask',
      '',
      '',
      'def create_app(test_config=None):',
      '    app = Flask(__name__, instance_relative_config=True)',
      '    app.config.from_mapping(SECRET_KEY="dev")',
      '    if test_config is None:',
      '        app.config.from_pyfile("config.py", silent=True)',
      '    else:',
      '        app.config.from_mapping(test_config)',
      '',
      '    @app.route("/hello")',
      '    def hello():',
      '        return "Hello, World!"',
      '',
      '    return app',
      '',
    ].join('\n'),
    'src/flaskr/static/style.css': CSS,
    'tests/test_factory.py': 'from flaskr import create_app\n\n\ndef test_config():\n    assert create_app({"TESTING": True}).testing\n',
  },
};

const DJANGO_BASE = [
  'from pathlib import Path',
  '',
  'BASE_DIR = Path(__file__).resolve().parent.parent',
  'SECRET_KEY = "not-a-secret"',
  'DEBUG = False',
  'ALLOWED_HOSTS = ["mysite.example.com"]',
  '',
  'INSTALLED_APPS = [',
  '    "django.contrib.staticfiles",',
  '    "polls",',
  ']',
  'MIDDLEWARE = []',
  'ROOT_URLCONF = "mysite.urls"',
  'WSGI_APPLICATION = "mysite.wsgi.application"',
  'TEMPLATES = []',
  'DATABASES = {}',
  '',
  'STATIC_URL = "static/"',
  'STATIC_ROOT = BASE_DIR / "staticfiles"',
  'MEDIA_URL = "/media/"',
  'MEDIA_ROOT = BASE_DIR / "media"',
  'DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024',
  '',
].join('\n');

const djangoCommon = (settingsModule: string): Record<string, string> => ({
  'manage.py': [
    '#!/usr/bin/env python',
    'import os',
    'import sys',
    '',
    '',
    'def main():',
    `    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${settingsModule}")`,
    '    from django.core.management import execute_from_command_line',
    '',
    '    execute_from_command_line(sys.argv)',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n'),
  'mysite/__init__.py': '',
  'mysite/wsgi.py': [
    'import os',
    '',
    'from django.core.wsgi import get_wsgi_application',
    '',
    `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${settingsModule}")`,
    '',
    'application = get_wsgi_application()',
    '',
  ].join('\n'),
  'mysite/urls.py': ['from django.http import HttpResponse', 'from django.urls import path', '', 'urlpatterns = [path("", lambda request: HttpResponse("mysite home"))]', ''].join('\n'),
  'polls/__init__.py': '',
  'polls/static/polls/style.css': CSS,
});

/** Django, `mysite/settings.py` with STATIC_ROOT and MEDIA_ROOT. */
const djangoProject: AppShape = {
  name: 'mysite',
  framework: 'django',
  target: 'mysite.wsgi:application',
  statics: { '/static/': 'staticfiles', '/media/': 'media' },
  bodySize: '5m',
  page: { path: '/', contains: 'mysite home' },
  files: { ...djangoCommon('mysite.settings'), 'mysite/settings.py': DJANGO_BASE },
};

/** Django with split settings: `mysite/settings/{base,dev,prod}.py`, dev by default, prod on the server. */
const djangoSplit: AppShape = {
  name: 'mysite-split',
  framework: 'django',
  target: 'mysite.wsgi:application',
  statics: { '/static/': 'staticfiles', '/uploads/': 'uploads' },
  bodySize: '5m',
  settingsEnv: 'mysite.settings.prod',
  page: { path: '/', contains: 'mysite home' },
  files: {
    ...djangoCommon('mysite.settings.dev'),
    'mysite/settings/__init__.py': '',
    'mysite/settings/base.py': DJANGO_BASE.replace('Path(__file__).resolve().parent.parent', 'Path(__file__).resolve().parent.parent.parent').replace('DEBUG = False\n', '').replace('"/media/"', '"/uploads/"').replace('BASE_DIR / "media"', 'BASE_DIR / "uploads"'),
    'mysite/settings/dev.py': 'from .base import *  # noqa\n\nDEBUG = True\nALLOWED_HOSTS = ["localhost", "127.0.0.1"]\n',
    'mysite/settings/prod.py': 'from .base import *  # noqa\n\nDEBUG = False\n',
  },
};

/** Every shape, in the order the tests report them. */
export const APP_SHAPES: readonly AppShape[] = [flaskModule, flaskPybo, flaskFactoryArgs, flaskSrc, djangoProject, djangoSplit];
