#!/usr/bin/env node
// Validates files against a JSON schema, independently of the C# code that wrote them.
//   node validate.js [--kind-alias KIND=CRDKIND]... SCHEMA FILE...
// SCHEMA is a JSON schema (.json; draft-04 such as SARIF's, or later drafts) or Kubernetes CRDs (.yaml, several
// separated by commas), whose openAPIV3Schema for each document's kind and apiVersion is used. --kind-alias
// validates KIND with the CRD of CRDKIND (a cluster-scoped twin with the same schema whose CRD is not at hand).
// FILE is JSON or YAML (several documents allowed).
// Exit 0 when every document is valid; 1 with the errors otherwise; 2 on bad usage.
'use strict';
const fs = require('fs');
const YAML = require('yaml');
const Ajv = require('ajv');
const AjvDraft04 = require('ajv-draft-04');
const addFormats = require('ajv-formats');

function fail(code, message) {
  process.stderr.write(message + '\n');
  process.exit(code);
}

function readDocuments(path) {
  const text = fs.readFileSync(path, 'utf8');
  if (path.endsWith('.json') || path.endsWith('.sarif')) {
    return [JSON.parse(text)];
  }
  const documents = YAML.parseAllDocuments(text);
  for (const document of documents) {
    if (document.errors.length > 0) {
      fail(1, `${path}: not YAML: ${document.errors[0].message}`);
    }
  }
  return documents.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}

function compilerFor(schema) {
  const draft04 = typeof schema.$schema === 'string' && schema.$schema.includes('draft-04');
  const ajv = draft04 ? new AjvDraft04({ allErrors: true, strict: false }) : new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // Kubernetes' integer formats, which ajv-formats does not define.
  ajv.addFormat('int32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 });
  ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
  return ajv;
}

// A CRD: one validator per served apiVersion, and the kind the documents must have.
function crdValidators(crd) {
  const validators = new Map();
  for (const version of crd.spec.versions) {
    const apiVersion = `${crd.spec.group}/${version.name}`;
    validators.set(apiVersion, compilerFor({}).compile(version.schema.openAPIV3Schema));
  }
  return { kind: crd.spec.names.kind, validators };
}

const args = process.argv.slice(2);
const aliases = new Map();
while (args[0] === '--kind-alias') {
  const [alias, kind] = (args[1] || '').split('=');
  aliases.set(alias, kind);
  args.splice(0, 2);
}
const [schemaPath, ...files] = args;
if (!schemaPath || files.length === 0) {
  fail(2, 'usage: node validate.js SCHEMA FILE...');
}

let problems = 0;
const report = (file, index, message) => {
  problems++;
  process.stderr.write(`${file} [document ${index}]: ${message}\n`);
};

if (schemaPath.endsWith('.json')) {
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const validate = compilerFor(schema).compile(schema);
  for (const file of files) {
    readDocuments(file).forEach((document, index) => {
      if (!validate(document)) {
        for (const error of validate.errors) report(file, index, `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
      }
    });
  }
} else {
  const byKind = new Map();
  for (const path of schemaPath.split(',')) {
    const { kind, validators } = crdValidators(YAML.parse(fs.readFileSync(path, 'utf8')));
    byKind.set(kind, validators);
  }
  for (const file of files) {
    const documents = readDocuments(file);
    if (documents.length === 0) report(file, 0, 'no documents');
    documents.forEach((document, index) => {
      const validators = byKind.get(aliases.get(document.kind) || document.kind);
      if (!validators) return report(file, index, `kind ${document.kind} is not defined by ${schemaPath}`);
      const validate = validators.get(document.apiVersion);
      if (!validate) return report(file, index, `apiVersion ${document.apiVersion} is not served by the CRD`);
      if (!validate(document)) {
        for (const error of validate.errors) report(file, index, `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
      }
    });
  }
}

if (problems > 0) {
  fail(1, `${problems} schema violation(s)`);
}
process.stdout.write(`valid: ${files.join(', ')}\n`);
