// Validates built kustomizations against the Kubernetes OpenAPI schemas shipped by kubernetes-models (ESM-only, hence
// a script the Jest spec runs), plus the rules a Countersign deployment must keep. Prints one JSON report.
// Usage: node validate-manifests.mjs <kustomization dir>...
import { buildKustomization } from './build-kustomization.mjs';

const MODELS = {
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'v1/Service': 'kubernetes-models/v1/Service',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
};

async function schemaErrors(object) {
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!model) return [`no schema known for ${object.apiVersion} ${object.kind}`];
  const module = await import(model);
  try {
    new module[object.kind](object).validate();
    return [];
  } catch (error) {
    return [String(error.message ?? error)];
  }
}

const selects = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

function ruleErrors(objects) {
  const errors = [];
  const named = (kind) => objects.filter((o) => o.kind === kind);
  for (const deployment of named('Deployment')) {
    const name = deployment.metadata.name;
    const labels = deployment.spec.template.metadata.labels;
    for (const c of deployment.spec.template.spec.containers) {
      for (const probe of ['livenessProbe', 'readinessProbe'])
        if (c[probe]?.httpGet?.path !== '/health') errors.push(`${name}: ${probe} must GET /health`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory)
        errors.push(`${name}: cpu and memory requests are required`);
      for (const from of c.envFrom ?? []) {
        const ref = from.configMapRef ?? from.secretRef;
        const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
        if (!named(kind).some((o) => o.metadata.name === ref.name)) errors.push(`${name}: no ${kind} ${ref.name}`);
      }
    }
    if (!named('Service').some((s) => selects(s.spec.selector, labels))) errors.push(`${name}: no Service selects it`);
    if (!named('PodDisruptionBudget').some((p) => selects(p.spec.selector.matchLabels, labels)))
      errors.push(`${name}: no PodDisruptionBudget covers it`);
  }
  return errors;
}

const report = [];
for (const dir of process.argv.slice(2)) {
  const entry = { dir, objects: [], errors: [] };
  try {
    const objects = buildKustomization(dir);
    for (const object of objects) {
      entry.objects.push({ kind: object.kind, name: object.metadata?.name, namespace: object.metadata?.namespace });
      for (const error of await schemaErrors(object))
        entry.errors.push(`${object.kind} ${object.metadata?.name}: ${error}`);
    }
    entry.errors.push(...ruleErrors(objects));
    entry.deployments = objects
      .filter((o) => o.kind === 'Deployment')
      .map((o) => ({
        name: o.metadata.name,
        replicas: o.spec.replicas,
        image: o.spec.template.spec.containers[0].image,
      }));
  } catch (error) {
    entry.errors.push(String(error.message ?? error));
  }
  report.push(entry);
}
process.stdout.write(JSON.stringify(report, null, 2));
