import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { DeadLetterHeaders, Topics } from '@countersign/contracts';
import { aDecision, aFinalDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import fc from 'fast-check';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Client } from 'pg';
import {
  eventually,
  json,
  KafkaProbe,
  metricsScrape,
  readInfrastructure,
  RunningPlatform,
  storePolicyAsTwoAdmins,
} from '@countersign/testing';
import { poisonDecision } from './support/poison-decisions';

type ServiceName = 'router' | 'review' | 'feedback' | 'audit';

// Poison through the whole platform (issue #13): every poison record is dead-lettered with a reason, the valid record
// sent right after it with the same key reaches its final outcome and its audit record, and no consumer loops, restarts
// or lags behind.
const POISON_CASES = Number(process.env.POISON_CASES ?? 500);
const runId = randomUUID().slice(0, 8);
const workflow = `poison-${runId}`;

describe('poison never stalls a partition', () => {
  const platform = new RunningPlatform();
  const brokers = readInfrastructure().kafkaBrokers;
  const probe = new KafkaProbe(brokers);
  const kafka = new Kafka({ clientId: 'poison-e2e', brokers: brokers.split(','), logLevel: logLevel.ERROR });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const logSizes = new Map<string, number>();
  let lead: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    await platform.start();
    for (const service of Object.values(platform.services))
      logSizes.set(service.logFile, statSync(service.logFile).size);
    await probe.watch([Topics.decisionsFinal, Topics.decisionsDeadLetter]);
    await producer.connect();
    lead = await mintDevelopmentToken(
      { sub: 'poison-lead', roles: ['lead', 'reviewer'], workflows: [workflow] },
      DEVELOPMENT_HS256_SECRET,
    );
    // Confident decisions of this workflow are released at once: each valid decision's final outcome is the router's.
    // A workflow's first policy lowers oversight (unknown workflows are reviewed entirely): two admins store it.
    expect(
      await storePolicyAsTwoAdmins(
        platform.url('router', ''),
        workflow,
        { threshold: 0.5, trustLevel: 4 },
        'poison e2e: release confident decisions',
      ),
    ).toBe(1);
  }, 240_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await producer.disconnect();
    await probe.close();
    await platform.stop();
  });

  const byKey = (topic: string) => (record: { topic: string; key: string | null }) => record.topic === topic;
  const keysOn = (topic: string) => new Set(probe.records(byKey(topic)).map((record) => record.key));

  it(`dead-letters ${POISON_CASES} generated poison decisions and releases the valid one after each`, async () => {
    const ids = Array.from({ length: POISON_CASES }, (_, n) => `${runId}-p${n}`);
    const cases = ids.map((id, n) => fc.sample(poisonDecision(id), { numRuns: 1, seed: n })[0]);
    const kinds = new Map<string, number>();
    for (const poison of cases) kinds.set(poison.kind.split('#')[0], (kinds.get(poison.kind.split('#')[0]) ?? 0) + 1);
    process.stdout.write(`poison cases: ${cases.length} ${JSON.stringify(Object.fromEntries(kinds))}\n`);

    // Poison, then the valid decision with the same key (so the same partition), in sends of at most 50 pairs and
    // ~700 KB: the oversized cases (over 256 KiB each) would otherwise, when the run's keys put several on one
    // partition, make a record batch over the broker's 1 MB limit (seen in CI: the send refused, not the platform).
    let messages: Array<{ key: string; value: string | Buffer }> = [];
    let bytes = 0;
    for (const [n, id] of ids.entries()) {
      const pair = [
        { key: id, value: cases[n].bytes },
        { key: id, value: JSON.stringify(aDecision({ id, workflow, confidence: 0.97 })) },
      ];
      const size = pair.reduce((sum, message) => sum + Buffer.byteLength(message.value), 0);
      if (messages.length > 0 && (messages.length >= 100 || bytes + size > 700_000)) {
        await producer.send({ topic: Topics.decisions, messages });
        [messages, bytes] = [[], 0];
      }
      messages.push(...pair);
      bytes += size;
    }
    if (messages.length > 0) await producer.send({ topic: Topics.decisions, messages });

    await eventually(async () => ids.every((id) => keysOn(Topics.decisionsFinal).has(id)) || undefined, 180_000);
    const finals = probe.records(byKey(Topics.decisionsFinal)).filter((record) => ids.includes(record.key ?? ''));
    expect(finals).toHaveLength(ids.length);
    expect(finals.every((record) => json(record).outcome === 'autonomous')).toBe(true);

    // The dead letters committed with the finals, but the probe reads each topic at its own pace.
    const lettered = () =>
      probe
        .records(byKey(Topics.decisionsDeadLetter))
        .filter((record) => record.headers[DeadLetterHeaders.sourceTopic]?.toString() === Topics.decisions)
        .filter((record) => ids.includes(record.key ?? ''));
    const mine = await eventually(async () => (lettered().length >= ids.length ? lettered() : undefined), 60_000);
    expect(mine).toHaveLength(ids.length);
    ids.forEach((id, n) => {
      const letter = mine.find((record) => record.key === id);
      expect(letter?.value?.equals(cases[n].bytes)).toBe(true);
      expect(letter?.headers[DeadLetterHeaders.reason]?.toString()).toMatch(/^[a-z_]+$/);
    });
    const reasons = new Map<string, number>();
    for (const letter of mine) {
      const reason = String(letter.headers[DeadLetterHeaders.reason]);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    process.stdout.write(`dead letters by reason: ${JSON.stringify(Object.fromEntries(reasons))}\n`);

    // Each valid decision's audit record: received and finalized on the trail.
    for (const id of ids) {
      const history = await eventually(async () => {
        // A reused keep-alive socket the server has just closed fails the request (ECONNRESET): ask again.
        const response = await fetch(platform.url('audit', `/api/v1/decisions/${encodeURIComponent(id)}/history`), {
          headers: { authorization: `Bearer ${lead}` },
        }).catch(() => undefined);
        if (!response?.ok) return undefined;
        const body = (await response.json()) as { events: Array<{ event: { type: string } }> };
        const types = body.events.map((entry) => entry.event.type);
        return types.includes('decision.received') && types.includes('decision.finalized') ? types : undefined;
      });
      expect(history).toEqual(expect.arrayContaining(['decision.received', 'decision.finalized']));
    }
    await expectNoLagNoRestart();
  }, 600_000);

  it('dead-letters records the store refuses after bounded retries, and the partition moves on', async () => {
    // These pass the decoder (an RFC 3339 year 0000 is well-formed) but Postgres has no year 0: audit hands the text
    // over and gets SQLSTATE 22008. Feedback and review convert it to a JS Date, which the driver writes as 1 BC; a
    // test-only trigger makes their tables refuse it the same way, where no decoder can see it.
    const database = new Client({ connectionString: readInfrastructure().databaseUrl });
    await database.connect();
    await database.query(`CREATE OR REPLACE FUNCTION public.poison_e2e_refuse_bc() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'date/time field value out of range (poison e2e)' USING ERRCODE = '22008'; END $$
      LANGUAGE plpgsql`);
    for (const [table, column] of [
      ['feedback.final_outcomes', 'decided_at'],
      ['review.tasks', 'requested_at'],
    ]) {
      await database.query(`DROP TRIGGER IF EXISTS poison_e2e ON ${table}`);
      await database.query(`CREATE TRIGGER poison_e2e BEFORE INSERT ON ${table} FOR EACH ROW
        WHEN (NEW.${column} < '0001-01-01T00:00:00Z') EXECUTE FUNCTION public.poison_e2e_refuse_bc()`);
    }
    cleanups.push(async () => {
      await database.query('DROP TRIGGER IF EXISTS poison_e2e ON feedback.final_outcomes');
      await database.query('DROP TRIGGER IF EXISTS poison_e2e ON review.tasks');
      await database.end();
    });
    const year0 = '0000-01-01T00:00:00.000Z';
    const finalIds = Array.from({ length: 5 }, (_, n) => `${runId}-f${n}`);
    for (const id of finalIds) {
      const final = aFinalDecision({ decisionId: id, workflow, routing: aRouting({ route: 'autonomous' }) });
      await producer.send({
        topic: Topics.decisionsFinal,
        messages: [
          { key: id, value: JSON.stringify({ ...final, decidedAt: year0 }) },
          { key: id, value: JSON.stringify(final) },
        ],
      });
    }
    const requestIds = Array.from({ length: 5 }, (_, n) => `${runId}-r${n}`);
    for (const id of requestIds) {
      const request = aReviewRequest({ decisionId: id, decision: aDecision({ id, workflow }) });
      await producer.send({
        topic: Topics.reviewRequested,
        messages: [
          { key: id, value: JSON.stringify({ ...request, requestedAt: year0 }) },
          { key: id, value: JSON.stringify(request) },
        ],
      });
    }

    const storeRejected = (service: string, topic: string, keys: string[]) =>
      probe
        .records(byKey(Topics.decisionsDeadLetter))
        .filter(
          (record) =>
            keys.includes(record.key ?? '') &&
            record.headers[DeadLetterHeaders.service]?.toString() === service &&
            record.headers[DeadLetterHeaders.sourceTopic]?.toString() === topic,
        );
    for (const [service, topic, keys] of [
      ['feedback', Topics.decisionsFinal, finalIds],
      ['audit', Topics.decisionsFinal, finalIds],
      ['review', Topics.reviewRequested, requestIds],
    ] as const) {
      const letters = await eventually(async () => {
        const found = storeRejected(service, topic, [...keys]);
        return found.length >= keys.length ? found : undefined;
      }, 120_000);
      expect(letters).toHaveLength(keys.length);
      for (const letter of letters) {
        expect(String(letter.headers[DeadLetterHeaders.reason])).toBe('store_rejected');
        expect(String(letter.headers[DeadLetterHeaders.errors])).toContain('22008');
      }
      process.stdout.write(`${service}: ${letters.length} store_rejected dead letters from ${topic}\n`);
    }

    // The valid record after each: audit keeps the outcome, review opens the task.
    for (const id of finalIds) {
      await eventually(async () => {
        const response = await fetch(platform.url('audit', `/api/v1/decisions/${id}/history`), {
          headers: { authorization: `Bearer ${lead}` },
        });
        return response.ok || undefined;
      });
    }
    for (const id of requestIds) {
      await eventually(async () => {
        const response = await fetch(platform.url('review', `/api/v1/tasks?decisionId=${id}`), {
          headers: { authorization: `Bearer ${lead}` },
        });
        const page = (await response.json()) as { items?: unknown[] };
        return page.items?.length ? page.items : undefined;
      });
    }
    await expectNoLagNoRestart();
    for (const service of ['router', 'review', 'feedback', 'audit'] as const) {
      const metrics = await (await fetch(platform.url(service, '/metrics'), metricsScrape)).text();
      const lines = metrics
        .split('\n')
        .filter((line) => /^countersign_(dead_letters|consumer_retries)_total\{/.test(line));
      process.stdout.write(`${service} /metrics:\n  ${lines.join('\n  ')}\n`);
    }
  }, 300_000);

  it('answers 4xx with a field error, never 5xx, to ids and query values with odd bytes on every service', async () => {
    const token = await mintDevelopmentToken(
      { sub: 'poison-everyone', roles: ['admin', 'lead', 'reviewer'], workflows: [workflow] },
      DEVELOPMENT_HS256_SECRET,
    );
    // NUL, NUL inside, percent-encoded UTF-8 of a lone surrogate, an overlong NUL, a cut-off emoji, an over-long id.
    const oddIds = ['%00', 'a%00b', '%ED%A0%80', '%C0%80', '%F0%9F%98', 'x'.repeat(2_000)];
    const routes: Array<[ServiceName, string, string?]> = [
      ['audit', '/api/v1/decisions/{id}/history'],
      ['audit', '/api/v1/outcomes/summary?workflow={id}'],
      ['feedback', '/api/v1/outcomes/summary?workflow={id}'],
      ['feedback', '/api/v1/metrics?workflow={id}'],
      ['feedback', '/api/v1/gold/{id}', JSON.stringify({ workflow, verdict: 'incorrect' })],
      ['review', '/api/v1/tasks/{id}'],
      ['review', '/api/v1/tasks?decisionId={id}'],
      ['router', '/api/v1/policies/{id}'],
      ['router', '/api/v1/policies/{id}/history'],
    ];
    const answers: string[] = [];
    for (const [service, template, body] of routes) {
      for (const id of oddIds) {
        const response = await fetch(platform.url(service, template.replace('{id}', id)), {
          method: body ? 'PUT' : 'GET',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
        answers.push(`${response.status} ${service} ${template} ${id.slice(0, 12)}`);
      }
    }
    expect(answers.filter((answer) => !/^4\d\d /.test(answer))).toEqual([]);
    // A lone surrogate can only arrive inside a JSON body (a URL cannot carry one): refused with the field named.
    const surrogate = await fetch(platform.url('feedback', '/api/v1/gold/d-1'), {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workflow: 'a\ud800', verdict: 'incorrect' }),
    });
    expect(surrogate.status).toBe(400);
    expect(await surrogate.json()).toMatchObject({ fieldErrors: [{ field: 'workflow' }] });
    process.stdout.write(
      `odd-byte requests: ${answers.length}, statuses ${[...new Set(answers.map((a) => a.slice(0, 3)))]}\n`,
    );
  });

  async function expectNoLagNoRestart(): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = [Topics.decisions, Topics.decisionsFinal, Topics.reviewRequested, Topics.decisionsRouted];
      const ends = new Map<string, Array<{ partition: number; offset: string }>>();
      for (const topic of topics) ends.set(topic, await admin.fetchTopicOffsets(topic));
      for (const service of ['router', 'review', 'feedback', 'audit']) {
        const lag = await eventually(async () => {
          const groups = await admin.fetchOffsets({ groupId: `countersign-${service}`, topics });
          let total = 0;
          for (const { topic, partitions } of groups) {
            for (const { partition, offset } of partitions) {
              if (offset === '-1') continue;
              const end = ends.get(topic)?.find((entry) => entry.partition === partition);
              // A transaction's commit marker takes an offset after its last record: one behind is caught up.
              total += Math.max(0, Number(end?.offset ?? 0) - Number(offset) - 1);
            }
          }
          return total === 0 ? total : undefined;
        }, 60_000);
        expect(lag).toBe(0);
      }
    } finally {
      await admin.disconnect();
    }
    for (const [file, size] of logSizes) {
      const log = readFileSync(file).subarray(size).toString('utf8');
      expect(log).not.toMatch(/Restarting the consumer|consumer crashed|exited/i);
    }
  }
});
