// Prints one value of one rendered manifest as JSON, for the chart checks.
// Usage: node query-manifests.mjs file Kind name path
//   name: metadata.name, or "*" for the first object of that kind; path: dot-separated, numbers index lists
//   (e.g. spec.template.spec.containers.0.env). Prints "absent" when there is no such object or value.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const [file, kind, name, path] = process.argv.slice(2);
if (!file || !kind || !name || path === undefined) {
  console.error('usage: node query-manifests.mjs file Kind name path');
  process.exit(2);
}
const objects = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o);
const object = objects.find((o) => o.kind === kind && (name === '*' || o.metadata?.name === name));
let value = object;
for (const step of path === '' ? [] : path.split('.')) {
  if (value === undefined || value === null) break;
  value = value[/^\d+$/.test(step) ? Number(step) : step];
}
console.log(value === undefined ? 'absent' : JSON.stringify(value));
