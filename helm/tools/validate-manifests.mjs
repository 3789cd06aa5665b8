// Validates rendered Kubernetes manifests offline.
// Built-in kinds are checked against the OpenAPI schemas shipped in kubernetes-models (and its Prometheus
// Operator and KEDA packages); custom
// resources against the openAPIV3Schema of a CRD given with --crd (or found in the input itself).
// Usage: node validate-manifests.mjs [--crd file]... [--skip-unknown-custom] file...
// --skip-unknown-custom counts custom resources without a known CRD as skipped instead of invalid
// (only for when the repository has no generated CRD yet).
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import Ajv from 'ajv';

const crdFiles = [];
const inputs = [];
let skipUnknownCustom = false;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--crd') crdFiles.push(args[++i]);
  else if (args[i] === '--skip-unknown-custom') skipUnknownCustom = true;
  else inputs.push(args[i]);
}
if (inputs.length === 0) {
  console.error('usage: node validate-manifests.mjs [--crd file]... file...');
  process.exit(2);
}

function readDocs(file) {
  const docs = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) throw new Error(`${file}: YAML error: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) docs.push(value);
  }
  return docs;
}

// group/version/kind -> ajv validator, from every CRD we know of.
const ajv = new Ajv({ strict: false, allErrors: true });
const customValidators = new Map();
function learnCrd(crd) {
  for (const version of crd.spec.versions) {
    const schema = structuredClone(version.schema.openAPIV3Schema);
    customValidators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
  }
}

// kubernetes-models lays its classes out as <group>/<version>/<Kind>.js, the core group as v1/<Kind>.js;
// its sibling packages do the same for the Prometheus Operator (ServiceMonitor, PodMonitor, PrometheusRule)
// and KEDA (ScaledObject), whose objects the chart and the examples hold.
const modelPackages = ['kubernetes-models', '@kubernetes-models/prometheus-operator', '@kubernetes-models/keda'];
async function builtInModel(apiVersion, kind) {
  for (const pkg of modelPackages) {
    try {
      const module = await import(`${pkg}/${apiVersion}/${kind}`);
      if (module[kind]) return module[kind];
    } catch (e) {
      if (e.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED' && e.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    }
  }
  return null;
}

const all = [];
for (const file of crdFiles) for (const doc of readDocs(file)) learnCrd(doc);
for (const file of inputs) for (const doc of readDocs(file)) all.push({ file, doc });
for (const { doc } of all) if (doc.kind === 'CustomResourceDefinition') learnCrd(doc);

let failures = 0;
let skipped = 0;
for (const { file, doc } of all) {
  const where = `${file}: ${doc.kind ?? '?'}/${doc.metadata?.name ?? '?'}`;
  if (!doc.apiVersion || !doc.kind) {
    console.error(`FAIL ${where}: apiVersion and kind are required`);
    failures++;
    continue;
  }
  if (!doc.metadata?.name) {
    console.error(`FAIL ${where}: metadata.name is required`);
    failures++;
    continue;
  }
  const Model = await builtInModel(doc.apiVersion, doc.kind);
  if (Model) {
    try {
      new Model(doc).validate();
    } catch (e) {
      console.error(`FAIL ${where}: ${e.message}`);
      failures++;
    }
    continue;
  }
  const custom = customValidators.get(`${doc.apiVersion}/${doc.kind}`);
  if (!custom && skipUnknownCustom && doc.apiVersion.includes('.')) {
    console.error(`SKIP ${where}: no CRD known for ${doc.apiVersion} ${doc.kind}`);
    skipped++;
    continue;
  }
  if (!custom) {
    console.error(`FAIL ${where}: no schema known for ${doc.apiVersion} ${doc.kind}`);
    failures++;
    continue;
  }
  if (!custom(doc)) {
    console.error(`FAIL ${where}: ${ajv.errorsText(custom.errors)}`);
    failures++;
  }
}
console.log(`${all.length - failures - skipped} manifests valid, ${failures} invalid, ${skipped} skipped`);
process.exit(failures === 0 ? 0 : 1);
