/** Shared by the unit table and the differential test against the real Django. */

/** [Host header, ALLOWED_HOSTS, DEBUG, allowed] (checked against Django 3.2 in test/integration/checks). */
export const HOST_CASES: Array<[string, string[], boolean, boolean]> = [
  ['localhost', ['example.com'], false, false],
  ['localhost', ['example.com', 'localhost'], false, true],
  ['localhost', [], true, true],
  ['localhost', [], false, false],
  ['api.localhost', [], true, true],
  ['127.0.0.1:8000', ['127.0.0.1'], false, true],
  ['[::1]:8000', [], true, true],
  ['example.com', ['.example.com'], false, true],
  ['www.example.com', ['.example.com'], false, true],
  ['badexample.com', ['.example.com'], false, false],
  ['EXAMPLE.com', ['example.COM'], false, true],
  ['example.com.', ['example.com'], false, true],
  ['app_server', ['*'], false, false],
  ['app_server', ['app_server'], false, false],
  ['app-server', ['*'], false, true],
  ['example.com:8443', ['example.com'], false, true],
  ['anything.org', ['*'], false, true],
];
