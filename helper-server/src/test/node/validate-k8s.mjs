// Validates Kubernetes manifests against the Kubernetes API's JSON schemas (npm kubernetes-models,
// generated from the Kubernetes OpenAPI spec): field types, required fields, enums. Prints one
// JSON line per document: {file, kind, name, ok, error?}. Exit 1 if any document is invalid.
// (The schemas allow unknown fields, as the API server does without --validate=strict; the Java
// test KubernetesManifestsTest checks the fields it relies on.)
//
// usage: node validate-k8s.mjs FILE...
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

let bad = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const obj = doc.toJS();
    if (obj == null) continue;
    const report = { file, kind: obj.kind, name: obj.metadata && obj.metadata.name, ok: false };
    try {
      if (doc.errors.length) throw new Error(doc.errors[0].message);
      const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : [null, obj.apiVersion];
      const path = group == null ? `kubernetes-models/${version}/${obj.kind}` : `kubernetes-models/${group}/${version}/${obj.kind}`;
      const mod = await import(path);
      new mod[obj.kind](obj).validate();
      report.ok = true;
    } catch (e) {
      report.error = String(e.message).split('\n')[0];
      bad++;
    }
    console.log(JSON.stringify(report));
  }
}
process.exit(bad ? 1 : 0);
