#!/usr/bin/env node
// bulwark copy of the project's shared schema validator (shared/schemas/validate.js),
// adapted to find its Ajv packages in ./node_modules; see README.md here.
// Usage: node validate.js <schema.json> <doc.json> [--ref extra.json ...] [--strict] [--quiet] [--no-unicode-regexp] [--iri-draft2019]
//
// Validates <doc.json> against <schema.json> with Ajv v8, choosing the Ajv
// class from the main schema's "$schema":
//   draft-04                 -> ajv-draft-04
//   draft-06 / draft-07 / -  -> ajv (default class)
//   draft/2019-09            -> ajv/dist/2019
//   draft/2020-12            -> ajv/dist/2020
// Formats: ajv-formats (full) + ajv-formats-draft2019 (idn-email, idn-hostname,
// duration) + a lenient RFC 3987 check for iri / iri-reference (see below;
// --iri-draft2019 keeps ajv-formats-draft2019's scheme-registry-based versions,
// which reject purls and urn: values).
// Each --ref file is registered under its "$id" (or draft-04 "id"), under that
// id without a "?query" (CSAF refs the FIRST CVSS schemas without their
// "?20211103"-style suffix), and under its file basename. A ref whose "$schema"
// draft differs from the main schema's has "$schema" dropped so the main
// instance can compile it (fine for the CVSS and CycloneDX helper schemas,
// which use no draft-specific keywords).
// --no-unicode-regexp compiles "pattern"s without the /u flag (needed for the
// pre-errata SARIF draft-07 copy, whose pattern "...[a-zA-Z]{2}]?$" is not a
// valid unicode regexp). --strict turns on Ajv strict mode (CycloneDX fails it).
// Prints "valid" and exits 0, or prints the errors and exits 1.
// Exits 2 on usage errors, unreadable JSON or a schema that does not compile.
'use strict';
const fs = require('fs');
const path = require('path');

// Dependencies come from the package.json next to this file (npm ci here).
const req = (m) => require(require.resolve(m, { paths: [__dirname] }));

function die(msg) { console.error(msg); process.exit(2); }

const argv = process.argv.slice(2);
const positional = [];
const refs = [];
let strict = false, quiet = false, unicodeRegExp = true, iriDraft2019 = false;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--ref') { if (i + 1 >= argv.length) die('--ref needs a file'); refs.push(argv[++i]); }
  else if (a.startsWith('--ref=')) refs.push(a.slice(6));
  else if (a === '--strict') strict = true;
  else if (a === '--quiet') quiet = true;
  else if (a === '--no-unicode-regexp') unicodeRegExp = false;
  else if (a === '--iri-draft2019') iriDraft2019 = true;
  else if (a === '-h' || a === '--help') { console.log('usage: node validate.js <schema.json> <doc.json> [--ref extra.json ...] [--strict] [--quiet] [--no-unicode-regexp] [--iri-draft2019]'); process.exit(0); }
  else positional.push(a);
}
if (positional.length !== 2) die('usage: node validate.js <schema.json> <doc.json> [--ref extra.json ...] [--strict] [--quiet] [--no-unicode-regexp] [--iri-draft2019]');

function readJson(f) {
  try { return JSON.parse(fs.readFileSync(f, 'utf8')); }
  catch (e) { die(`cannot read JSON ${f}: ${e.message}`); }
}

function draftOf(s) {
  const u = (s && typeof s === 'object' && s.$schema) || '';
  if (/draft-04/.test(u)) return 'draft-04';
  if (/draft-06/.test(u)) return 'draft-06';
  if (/2019-09/.test(u)) return '2019-09';
  if (/2020-12/.test(u)) return '2020-12';
  return 'draft-07';
}

const schema = readJson(positional[0]);
const doc = readJson(positional[1]);
const draft = draftOf(schema);

let Ajv;
if (draft === 'draft-04') Ajv = req('ajv-draft-04');
else if (draft === '2019-09') Ajv = req('ajv/dist/2019');
else if (draft === '2020-12') Ajv = req('ajv/dist/2020');
else Ajv = req('ajv');
Ajv = Ajv.default || Ajv;

const logger = { log: () => {}, warn: (...m) => { if (!quiet) console.error('warning:', ...m); }, error: (...m) => console.error('error:', ...m) };
const ajv = new Ajv({ allErrors: true, strict, logger, unicodeRegExp });
if (draft === 'draft-06') ajv.addMetaSchema(req('ajv/dist/refs/json-schema-draft-06.json'));
req('ajv-formats')(ajv);
req('ajv-formats-draft2019')(ajv);
if (!iriDraft2019) {
  // ajv-formats-draft2019 accepts an "iri"/"iri-reference" only when its scheme is
  // IANA-registered and (for iri-reference) uri-js reports a path, so it rejects
  // purls ("pkg:apk/alpine/musl@1.2.4-r2") and URNs ("urn:cdx:...", "urn:uuid:...").
  // Replace both with a lenient RFC 3987 syntax check: no whitespace/controls or
  // <>"{}|\^` characters, every "%" followed by two hex digits, at most one "#";
  // "iri" needs a scheme, "iri-reference" may be relative (but then its first
  // path segment may not contain ":").
  const charsOk = (v) => !/[\u0000-\u0020\u007f-\u009f<>"{}|\\^`]/u.test(v) &&
    !/%(?![0-9A-Fa-f]{2})/.test(v) && (v.match(/#/g) || []).length <= 1;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/;
  ajv.addFormat('iri', { type: 'string', validate: (v) => scheme.test(v) && charsOk(v) });
  ajv.addFormat('iri-reference', { type: 'string', validate: (v) => charsOk(v) && (scheme.test(v) || !/^[^/?#]*:/.test(v)) });
}
// Annotation-only keywords seen in the collected schemas (CycloneDX spdx.schema.json "meta:enum").
for (const kw of ['meta:enum']) { try { ajv.addKeyword(kw); } catch (_) { /* already known */ } }

const registered = new Set();
function register(obj, key) {
  if (!key || registered.has(key)) return;
  registered.add(key);
  const clone = JSON.parse(JSON.stringify(obj));
  delete clone.$id; delete clone.id;
  ajv.addSchema(clone, key);
}
for (const f of refs) {
  const r = readJson(f);
  const rid = r.$id || r.id;
  const copy = JSON.parse(JSON.stringify(r));
  if (draftOf(r) !== draft && copy.$schema) {
    if (!quiet) console.error(`note: ref ${f} is ${draftOf(r)}, main schema is ${draft}; dropping its "$schema"`);
    delete copy.$schema;
  }
  try {
    if (rid) {
      register(copy, rid.replace(/#$/, ''));
      const noQuery = rid.replace(/[?#].*$/, '');
      register(copy, noQuery);
    }
    register(copy, path.basename(f));
  } catch (e) { die(`cannot add ref ${f}: ${e.message}`); }
}

let validate;
try { validate = ajv.compile(schema); }
catch (e) { die(`schema does not compile (${draft}): ${e.message}`); }

if (validate(doc)) { console.log('valid'); process.exit(0); }
console.log(`invalid (${validate.errors.length} error${validate.errors.length === 1 ? '' : 's'})`);
for (const e of validate.errors) {
  let params = JSON.stringify(e.params);
  if (params.length > 200) params = params.slice(0, 197) + '...';
  console.log(`  ${e.instancePath || '/'} ${e.message}  [${e.schemaPath}] ${params}`);
}
process.exit(1);
