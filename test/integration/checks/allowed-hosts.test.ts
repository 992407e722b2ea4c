/**
 * Differential test of DeployLens's copy of Django's Host validation against the installed Django
 * (python3-django): the same table through `HttpRequest.get_host()`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { djangoAllowsHost } from '../../../server/src/project/allowedHosts';
import { HOST_CASES } from '../../unit/checks/hostCases';

const SCRIPT = `
import json, sys
from django.conf import settings
settings.configure(DEBUG=False, ALLOWED_HOSTS=[])
from django.http import HttpRequest
from django.core.exceptions import DisallowedHost
out = []
for host, allowed, debug in json.load(sys.stdin):
    settings.ALLOWED_HOSTS = allowed
    settings.DEBUG = debug
    r = HttpRequest()
    r.META = {'HTTP_HOST': host, 'SERVER_NAME': 'x', 'SERVER_PORT': '80'}
    try:
        r.get_host()
        out.append(True)
    except DisallowedHost:
        out.append(False)
print(json.dumps(out))
`;

test('Django accepts exactly the hosts DeployLens says it does', (t) => {
  let real: boolean[];
  try {
    real = JSON.parse(execFileSync('/usr/bin/python3', ['-c', SCRIPT], { input: JSON.stringify(HOST_CASES.map(([h, a, d]) => [h, a, d])), encoding: 'utf8', timeout: 20000 }));
  } catch (e) {
    t.skip(`python3-django is not available: ${(e as Error).message.split('\n')[0]}`);
    return;
  }
  HOST_CASES.forEach(([host, allowed, debug], i) => {
    assert.equal(djangoAllowsHost(host, allowed, debug), real[i], `${host} vs ${JSON.stringify(allowed)} (DEBUG=${debug})`);
    assert.equal(HOST_CASES[i][3], real[i], `the table's expectation for ${host}`);
  });
});
