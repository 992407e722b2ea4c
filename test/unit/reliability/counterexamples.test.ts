/**
 * Inputs the fuzzer (bench/fuzz.mjs) once found failing, kept as regression cases: each must now
 * satisfy its property. Add new counterexamples here with the seed that found them.
 */
import { test, before } from 'node:test';
import { loadPython } from '../../helpers/python';
import { checkerProperty, formatterProperty } from './properties';

before(loadPython);

/** Seeds 22269046, 22403669, 22427426, 22435345 (1e6-case run): an if on an unknown variable made the taint analysis recurse forever. */
const CHECKER = [
  'map $http_origin $cors_origin {\n    default "";\n    "~^https://(www\\.|app\\.)?example\\.com$" $http_origin;\n}\nserver {\n    listen 80;\n    location /api/ {\n        if $(http_origin ~* "^https://example\\.com$") {\n            add_header Vary Origin;\n        }\n        add_header Access-Control-Allow-Origin $cors_origin;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n',
  'server {\n    listen 80;\n    location /api/ {\n        if ($htpt_origin ~* "^https://example\\.com") {\n            add_header Access-Control-Allow-Origin $http_origin;\n        }\n        add_header Acces-sControl-Allow-Origin $cors_origin;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n',
  'server {\n    location /api/ {\n        if ($thtp_origin ~* "^https://example\\.com") {\n\\.com") {\n            add_header Access-Control-Allow-Origin $http_origin;\n        }\n    }\n}\n',
  'server {\n    location /api/ {\n        if ($$http_hosthttp_origin ~* "^https://example\\.com$") {\n            add_header Vary Origin;\n        }\n        add_header Access-Control-Allow-Origin $cors_origin;',
];

test('checker counterexamples', () => {
  for (const text of CHECKER) checkerProperty(text, 10);
});

/** The 1e6-case run: a comment ending in a bare CR before the line feed made formatting not idempotent. */
const FORMATTER = ['#a\r \nb;\n', 'server { # x\r \n    listen 80;\n}\n', '# c\r\t\nlocation / {\n}\n'];

test('formatter counterexamples', () => {
  for (const text of FORMATTER) formatterProperty(text);
});
