import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './repo-root';

interface Report {
  dir: string;
  objects: Array<{ kind: string; name: string; namespace?: string }>;
  errors: string[];
  deployments?: Array<{ name: string; replicas: number; image: string }>;
}

const kubernetes = join(repoRoot, 'deploy', 'kubernetes');

function validate(...dirs: string[]): Report[] {
  const script = join(__dirname, 'validate-manifests.mjs');
  const result = spawnSync(process.execPath, [script, ...dirs], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Report[];
}

const SERVICES = ['review', 'router', 'feedback', 'audit'];

describe('Kubernetes manifests (deploy/kubernetes)', () => {
  it('the base validates against the Kubernetes schemas and keeps the deployment rules', () => {
    const [base] = validate(join(kubernetes, 'base'));
    expect(base.errors).toEqual([]);
    for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget'])
      expect(base.objects.filter((o) => o.kind === kind).map((o) => o.name)).toEqual(
        SERVICES.map((service) => `countersign-${service}`),
      );
    expect(base.objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['ConfigMap', 'Secret']));
  });

  it('the production overlay validates too: its namespace, two replicas each and a pinned image', () => {
    const [production] = validate(join(kubernetes, 'overlays', 'production'));
    expect(production.errors).toEqual([]);
    expect(production.objects.filter((o) => o.kind !== 'Namespace').every((o) => o.namespace === 'countersign')).toBe(
      true,
    );
    expect(production.deployments).toEqual(
      SERVICES.map((service) => ({
        name: `countersign-${service}`,
        replicas: 2,
        image: 'ghcr.io/countersign/countersign:0.1.0',
      })),
    );
  });

  it('reports a manifest the schemas refuse, and a Deployment without its probes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-k8s-'));
    try {
      cpSync(join(kubernetes, 'base'), dir, { recursive: true });
      const file = join(dir, 'router-deployment.yaml');
      const broken = readFileSync(file, 'utf8')
        .replace('containerPort: 3001', "containerPort: 'three thousand'")
        .replace(/ {10}livenessProbe:\n(?: {12}.*\n)+/, '');
      writeFileSync(file, broken);
      const [report] = validate(dir);
      expect(report.errors.join('\n')).toMatch(/Deployment countersign-router: .*containerPort/);
      expect(report.errors).toContain('countersign-router: livenessProbe must GET /health');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/compose.yaml', () => {
  it('parses and runs the four services from the one image, each with its port', () => {
    const compose = parse(readFileSync(join(repoRoot, 'deploy', 'compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<string, { image?: string; command?: string[]; environment?: Record<string, string> }>;
    };
    const ports = { review: '3000', router: '3001', feedback: '3002', audit: '3003' };
    for (const [service, port] of Object.entries(ports)) {
      expect(compose.services[service].image).toBe('countersign:dev');
      expect(compose.services[service].command).toEqual([service]);
      expect(compose.services[service].environment?.PORT).toBe(port);
      expect(compose.services[service].environment?.KAFKA_BROKERS).toBe('kafka:9092');
    }
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'postgres']));
  });
});

describe('deploy/docker', () => {
  it('is a multi-stage build that runs as a non-root user with the service as its argument', () => {
    const dockerfile = readFileSync(join(repoRoot, 'deploy', 'docker', 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/countersign"\]$/m);
  });

  it('the entrypoint refuses an unknown service name', () => {
    const result = spawnSync('sh', [join(repoRoot, 'deploy', 'docker', 'entrypoint.sh'), 'payments'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(64);
    expect(result.stderr).toContain('usage: countersign router|review|feedback|audit');
  });

  it('the entrypoint starts the service with the Node flags every other launcher uses', () => {
    // A stand-in `node` that prints its arguments: what the image would run, without a build.
    const bin = mkdtempSync(join(tmpdir(), 'entrypoint-node-'));
    try {
      writeFileSync(join(bin, 'node'), '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
      const result = spawnSync('sh', [join(repoRoot, 'deploy', 'docker', 'entrypoint.sh'), 'router'], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      });
      const flags = readFileSync(join(repoRoot, 'deploy', 'service-node-flags'), 'utf8')
        .replace(/#.*$/gm, '')
        .split(/\s+/)
        .filter(Boolean);
      expect(flags).toContain('--max-semi-space-size=4');
      expect(result.stdout.trim()).toBe([...flags, 'dist/services/router/services/router/src/main.js'].join(' '));
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
