// A small subset of `kustomize build` (resources, namespace, images, replicas, strategic-merge patches) — enough for
// deploy/kubernetes, with no kustomize binary on the development machines. Anything else in a kustomization.yaml is
// refused, so the subset cannot silently diverge from what kustomize would produce.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'replicas', 'patches', 'labels']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);

export function readDocuments(file) {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter(Boolean);
}

function mergeNamed(target, patch) {
  const out = [...target];
  for (const item of patch) {
    const at = out.findIndex((existing) => existing?.name !== undefined && existing.name === item?.name);
    if (at >= 0) out[at] = merge(out[at], item);
    else out.push(item);
  }
  return out;
}

/** Strategic merge as kustomize applies it to the fields we use: maps deep-merge, lists of named items by name. */
export function merge(target, patch) {
  if (Array.isArray(target) && Array.isArray(patch)) {
    return patch.every((item) => item && typeof item === 'object' && 'name' in item)
      ? mergeNamed(target, patch)
      : patch;
  }
  if (target && patch && typeof target === 'object' && typeof patch === 'object' && !Array.isArray(patch)) {
    const out = { ...target };
    for (const [key, value] of Object.entries(patch)) out[key] = key in out ? merge(out[key], value) : value;
    return out;
  }
  return patch;
}

function eachContainer(object, visit) {
  for (const container of object.spec?.template?.spec?.containers ?? []) visit(container);
}

export function buildKustomization(dir) {
  const kustomization = readDocuments(join(dir, 'kustomization.yaml'))[0];
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${dir}: unsupported kustomization fields ${unsupported.join(', ')}`);
  let objects = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    objects.push(...(statSync(path).isDirectory() ? buildKustomization(path) : readDocuments(path)));
  }
  for (const patch of kustomization.patches ?? []) {
    if (!patch.path) throw new Error(`${dir}: only file patches (path:) are supported`);
    for (const partial of readDocuments(join(dir, patch.path))) {
      const at = objects.findIndex((o) => o.kind === partial.kind && o.metadata?.name === partial.metadata?.name);
      if (at < 0) throw new Error(`${dir}/${patch.path}: no ${partial.kind} ${partial.metadata?.name} to patch`);
      objects[at] = merge(objects[at], partial);
    }
  }
  for (const { name, count } of kustomization.replicas ?? []) {
    const target = objects.find((o) => o.metadata?.name === name && o.spec?.replicas !== undefined);
    if (!target) throw new Error(`${dir}: replicas for unknown workload ${name}`);
    target.spec.replicas = count;
  }
  for (const image of kustomization.images ?? []) {
    for (const object of objects)
      eachContainer(object, (container) => {
        if (container.image === image.name || container.image?.startsWith(`${image.name}:`))
          container.image = `${image.newName ?? image.name}:${image.newTag ?? 'latest'}`;
      });
  }
  for (const { pairs } of kustomization.labels ?? [])
    objects = objects.map((o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata?.labels, ...pairs } } }));
  if (kustomization.namespace)
    objects = objects.map((o) =>
      CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: kustomization.namespace } },
    );
  return objects;
}

export const kustomizationDir = (file) => dirname(file);
