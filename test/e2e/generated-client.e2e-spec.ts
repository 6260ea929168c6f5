import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import { KafkaProbe, readInfrastructure, repoRoot, ServiceProcess } from '@countersign/testing';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approveNextTask, reviewClient } from './support/review-client';

// A client generated from review's OpenAPI document (openapi-typescript types + openapi-fetch), compiled here with
// strict TypeScript, completes a task against the real review service: the document is a usable contract.

const GENERATED = join(repoRoot, 'test', 'e2e', 'support', 'generated', 'review-api.ts');
const scratch = join(repoRoot, '.cache', 'generated-client');

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** tsc over one file with the workspace's strict settings; its exit status and what it said. */
function compile(file: string) {
  return run('npx', [
    'tsc',
    '--noEmit',
    '--strict',
    '--skipLibCheck',
    '--target',
    'es2022',
    '--module',
    'commonjs',
    '--moduleResolution',
    'node',
    '--types',
    'node',
    file,
  ]);
}

describe('a client generated from review’s OpenAPI document', () => {
  const infrastructure = readInfrastructure();
  const review = new ServiceProcess('review', 24150, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'review-generated-client',
    LOG_LEVEL: 'warn',
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const workflow = `client-${Date.now().toString(36)}`;

  beforeAll(async () => {
    mkdirSync(scratch, { recursive: true });
    await review.start();
  }, 120_000);

  afterAll(async () => {
    await kafka.close();
    await review.stop();
  });

  it('is the one openapi-typescript generates from docs/api/review.openapi.json now', () => {
    const fresh = join(scratch, 'review-api.ts');
    const generated = run('npx', ['openapi-typescript', 'docs/api/review.openapi.json', '-o', fresh]);
    expect(generated.status).toBe(0);
    expect(readFileSync(GENERATED, 'utf8')).toBe(readFileSync(fresh, 'utf8'));
  }, 60_000);

  it('compiles, and a verdict without `verdict` does not', () => {
    const client = compile(join(repoRoot, 'test', 'e2e', 'support', 'review-client.ts'));
    expect(client).toEqual({ status: 0, output: '' });

    const wrong = join(scratch, 'verdict-missing.ts');
    writeFileSync(
      wrong,
      `import { ReviewClient } from '${join(repoRoot, 'test', 'e2e', 'support', 'review-client')}';\n` +
        `export const send = (client: ReviewClient) =>\n` +
        `  client.POST('/api/v1/tasks/{id}/complete', { params: { path: { id: 'x' } }, body: { comment: 'no verdict' } });\n`,
    );
    const refused = compile(wrong);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain("'verdict'");
  }, 120_000);

  it('takes the next task and completes it', async () => {
    const decision = aDecision({ id: `${workflow}-d1`, workflow, occurredAt: new Date().toISOString() });
    const request = aReviewRequest({
      decision,
      routing: aRouting({ requiredApprovals: 1, slaSeconds: 3_600 }),
      requestedAt: new Date().toISOString(),
    });
    await kafka.send(Topics.reviewRequested, request.decisionId, JSON.stringify(request));
    const token = await mintDevelopmentToken(
      { sub: 'client-reviewer', roles: ['reviewer'], workflows: [workflow] },
      DEVELOPMENT_HS256_SECRET,
    );
    const client = reviewClient(review.baseUrl, token);

    let completed;
    for (const deadline = Date.now() + 30_000; !completed;) {
      completed = await approveNextTask(client, workflow).catch((error: Error) => {
        if (Date.now() > deadline) throw error;
        return undefined;
      });
      if (!completed) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(completed).toMatchObject({
      decisionId: decision.id,
      state: 'completed',
      outcome: { verdict: 'approve', reviewers: ['client-reviewer'] },
    });
    const shown = await client.GET('/api/v1/tasks/{id}', { params: { path: { id: completed.id } } });
    expect(shown.data?.comments ?? []).toEqual([]);
    expect(shown.data?.judgments[0]).toMatchObject({
      verdict: 'approve',
      comment: 'Checked against the source document',
    });
  }, 60_000);
});
