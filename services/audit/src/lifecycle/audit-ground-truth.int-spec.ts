import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { AuditEventV1, DecisionV1, FinalDecisionV1, RoutedDecisionV1, Topics } from '@countersign/contracts';
import { aReviewCompletion, aRouting, anAuditEvent } from '@countersign/contracts/testing';
import {
  eventually,
  json,
  KafkaProbe,
  ObservedRecord,
  readInfrastructure,
  ServiceProcess,
  storeAuditPlanAsTwoAdmins,
} from '@countersign/testing';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';

// The running audit service (built, as a real process) against the real broker and Postgres. The test plays the
// router and the review service on their topics: 2,000 decisions whose ground truth it knows (which autonomous ones
// were wrong, which reviewed ones humans corrected), with a kill -9 of the audit service in the middle of the stream.
// Afterwards: every chain is gapless and verifies, no event is stored or published twice, every decision's history
// can be rebuilt from countersign.audit.events alone, and the report's error-rate and catch-rate intervals contain the
// truth. Ids and the sampling secret are fixed, so the sample (and the figures printed) are the same on every run.

const TOTAL = 2_000;
const WORKFLOW = 'audit-ground-truth';
const PORT = 24103;
const SECRET = 'ground-truth-sampling-secret';

/** A fixed pseudo-random number in [0, 1) per label and index, so the stream and its truth are the same on every run. */
function unit(label: string, index: number): number {
  return createHash('sha256').update(`${label}:${index}`).digest().readUInt32BE(0) / 2 ** 32;
}

interface Truth {
  id: string;
  confidence: number;
  route: 'autonomous' | 'review';
  /** Whether the AI's output was wrong: what a reviewer would find. */
  wrong: boolean;
}

function groundTruth(): Truth[] {
  return Array.from({ length: TOTAL }, (_, index) => {
    const confidence = Math.round((0.6 + unit('confidence', index) * 0.4) * 1000) / 1000;
    // Less confident decisions are wrong more often, so the confidence strata really differ.
    const wrong = unit('wrong', index) < (confidence < 0.9 ? 0.12 : 0.03);
    return { id: `gt-${index}`, confidence, route: confidence >= 0.8 ? 'autonomous' : 'review', wrong };
  });
}

function report(line: string): void {
  process.stdout.write(`[audit-ground-truth] ${line}\n`);
}

describe('audit: a stream with known ground truth, across kill -9', () => {
  const infrastructure = readInfrastructure();
  const audit = new ServiceProcess('audit', PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'audit-int-0',
    LOG_LEVEL: 'warn',
    AUDIT_CHAINS: '8',
    AUDIT_SAMPLING_SECRET: SECRET,
    AUDIT_CHECKPOINT_EVERY_MS: '0',
    AUDIT_REPORT_CRON: '',
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const db = new Client({ connectionString: infrastructure.databaseUrl });
  const truths = groundTruth();
  const byId = new Map(truths.map((truth) => [truth.id, truth]));
  const ours = (topic: string) => (record: ObservedRecord) =>
    record.topic === topic && record.key !== null && byId.has(record.key);
  let lead = '';
  const decidedAt = new Date().toISOString();

  beforeAll(async () => {
    await db.connect();
    lead = await mintDevelopmentToken(
      { sub: 'audit-lead', roles: ['admin'], workflows: ['*'] },
      DEVELOPMENT_HS256_SECRET,
    );
    // Started first: the service creates the topics the probe watches.
    await audit.start();
    await kafka.watch([Topics.auditEvents, Topics.reviewRequested]);
  });

  afterAll(async () => {
    await audit.stop();
    await kafka.close();
    await db.end();
  });

  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${audit.baseUrl}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${lead}`, 'content-type': 'application/json', ...init.headers },
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text && response.status < 300 && !path.includes('format=') ? JSON.parse(text) : text,
    };
  };

  /** What the router and review service would publish for one decision. */
  function eventsOf(truth: Truth): Array<{ topic: string; value: object }> {
    const decision: DecisionV1 = {
      schemaVersion: 1,
      id: truth.id,
      workflow: WORKFLOW,
      model: { name: 'gt-model', version: '1' },
      confidence: truth.confidence,
      output: { answer: truth.id },
      attributes: {},
      flags: [],
      occurredAt: decidedAt,
    };
    const routing = aRouting({
      route: truth.route,
      reasons: truth.route === 'review' ? ['below_threshold'] : [],
      trustLevel: 4,
      threshold: 0.8,
      policyVersion: 3,
    });
    const routed: RoutedDecisionV1 = { schemaVersion: 1, decisionId: truth.id, routing, decision, routedAt: decidedAt };
    const outcome = truth.route === 'autonomous' ? 'autonomous' : truth.wrong ? 'corrected' : 'approved';
    const final: FinalDecisionV1 = {
      schemaVersion: 1,
      decisionId: truth.id,
      workflow: WORKFLOW,
      outcome,
      finalOutput: truth.wrong && truth.route === 'review' ? { answer: 'fixed' } : decision.output,
      model: decision.model,
      confidence: truth.confidence,
      routing,
      decidedAt,
    };
    const events: Array<{ topic: string; value: object }> = [
      { topic: Topics.decisions, value: decision },
      { topic: Topics.decisionsRouted, value: routed },
    ];
    if (truth.route === 'review') {
      const created: AuditEventV1 = anAuditEvent({
        eventId: randomUUID(),
        type: 'task.created',
        decisionId: truth.id,
        workflow: WORKFLOW,
        actor: 'review',
        source: 'review',
        data: { event: 'created', kind: 'review' },
        occurredAt: decidedAt,
      });
      events.push({ topic: Topics.auditEvents, value: created });
    }
    events.push({ topic: Topics.decisionsFinal, value: final });
    return events;
  }

  async function send(slice: Truth[]): Promise<void> {
    const byTopic = new Map<string, Array<{ key: string; value: string }>>();
    for (const truth of slice) {
      for (const { topic, value } of eventsOf(truth)) {
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: truth.id, value: JSON.stringify(value) }]);
      }
    }
    for (const [topic, messages] of byTopic) await kafka.sendMany(topic, messages);
  }

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);

  it('records every lifecycle event once, in gapless chains, through a kill -9 mid-stream', async () => {
    // An audit plan that samples a fifth of autonomous decisions, in two confidence buckets.
    // It merges the default's confidence bands, which lowers oversight: proposed, then approved by a second admin.
    await storeAuditPlanAsTwoAdmins(audit.baseUrl, WORKFLOW, {
      ratesByTrustLevel: { 1: 0.2, 2: 0.2, 3: 0.2, 4: 0.2 },
      minimumPerPeriod: 30,
      period: 'week',
      confidenceCuts: [0.9],
    });
    // Changing a plan takes an admin; a lead may read it.
    const asLead = await mintDevelopmentToken(
      { sub: 'a-lead', roles: ['lead'], workflows: [WORKFLOW] },
      DEVELOPMENT_HS256_SECRET,
    );
    const refused = await fetch(`${audit.baseUrl}/api/v1/audit-plans/${WORKFLOW}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${asLead}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        ratesByTrustLevel: { 1: 1, 2: 1, 3: 1, 4: 1 },
        minimumPerPeriod: 0,
        period: 'day',
        confidenceCuts: [],
      }),
    });
    expect(refused.status).toBe(403);
    const read = await fetch(`${audit.baseUrl}/api/v1/audit-plans/${WORKFLOW}`, {
      headers: { authorization: `Bearer ${asLead}` },
    });
    expect(await read.json()).toMatchObject({ minimumPerPeriod: 30, confidenceCuts: [0.9] });
    const docs = (await (await fetch(`${audit.baseUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/decisions/{id}/history',
        '/api/v1/trail/verify',
        '/api/v1/reports/{workflow}',
        '/api/v1/audit-plans/{workflow}',
      ]),
    );

    const half = TOTAL / 2;
    const started = performance.now();
    for (let start = 0; start < half; start += 250) await send(truths.slice(start, start + 250));
    // Kill it while it is still working through the first half.
    await eventually(async () => ((await count('SELECT count(*) AS n FROM audit.trail')) > 300 ? true : undefined));
    const stoppedWith = await count('SELECT count(*) AS n FROM audit.trail');
    await audit.stop('SIGKILL');
    for (let start = half; start < TOTAL; start += 250) await send(truths.slice(start, start + 250));
    await audit.start();
    const restarted = { at: performance.now(), stored: await count('SELECT count(*) AS n FROM audit.trail') };

    const reviewed = truths.filter((truth) => truth.route === 'review').length;
    const expected = { received: TOTAL, routed: TOTAL, finalized: TOTAL, created: reviewed };
    await eventually(async () => {
      const rows = (
        await db.query(`SELECT type, count(*)::int AS n FROM audit.trail WHERE workflow = $1 GROUP BY type`, [WORKFLOW])
      ).rows as Array<{ type: string; n: number }>;
      const of = (type: string) => rows.find((row) => row.type === type)?.n ?? 0;
      const done =
        of('decision.received') === expected.received &&
        of('decision.routed') === expected.routed &&
        of('decision.finalized') === expected.finalized &&
        of('task.created') === expected.created &&
        of('audit.sampled') ===
          (await count('SELECT count(*) AS n FROM audit.samples WHERE workflow = $1', [WORKFLOW]));
      return done ? rows : undefined;
    }, 180_000);
    const now = performance.now();
    const total = await count('SELECT count(*) AS n FROM audit.trail');
    const afterRestart = (total - restarted.stored) / ((now - restarted.at) / 1000);
    report(
      `killed with ${stoppedWith} trail records stored; ${total} stored ${((now - started) / 1000).toFixed(1)} s ` +
        `after the first send, kill and restart included; ${Math.round(afterRestart)} records/s once restarted ` +
        `(consumer-group rejoin included)`,
    );

    // No gaps: every chain holds exactly seq 1..head, and verify walks it clean.
    const chains = (
      await db.query(
        `SELECT h.chain, h.seq::int AS head, count(t.seq)::int AS n, coalesce(max(t.seq), 0)::int AS max
           FROM audit.chain_heads h LEFT JOIN audit.trail t USING (chain) GROUP BY h.chain, h.seq ORDER BY h.chain`,
      )
    ).rows as Array<{ chain: number; head: number; n: number; max: number }>;
    // This service writes chains 0-7; another spec's audit service (16 chains by default) may have written the rest
    // of the shared test database before this one ran, as jest's order allows: every chain must be gapless all the same.
    expect(chains.filter((chain) => chain.chain < 8)).toHaveLength(8);
    for (const chain of chains) expect([chain.n, chain.max]).toEqual([chain.head, chain.head]);
    const verified = await api('/trail/verify');
    expect(verified.body).toMatchObject({ ok: true, chains: chains.length });
    report(`chains ${chains.map((c) => c.head).join('/')}; verify checked ${verified.body.recordsChecked} records`);

    // The outbox published each derived event exactly once, after the restart too.
    await eventually(async () => ((await count('SELECT count(*) AS n FROM audit.outbox')) === 0 ? true : undefined));
    const derivedStored = await count(
      // The decisions' events: the audit plan's steps (on the workflow's chain, keyed by workflow) are not the stream's.
      `SELECT count(*) AS n FROM audit.trail
        WHERE workflow = $1 AND event->>'source' = 'audit' AND decision_id IS NOT NULL`,
      [WORKFLOW],
    );
    const published = await kafka.waitFor(
      (record) => ours(Topics.auditEvents)(record) && json<AuditEventV1>(record).source === 'audit',
      derivedStored,
    );
    // A moment more, so a duplicate published behind the expected count would be seen too.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(
      kafka.records((record) => ours(Topics.auditEvents)(record) && json<AuditEventV1>(record).source === 'audit'),
    ).toHaveLength(published.length);
    const publishedIds = published.map((record) => json<AuditEventV1>(record).eventId);
    expect(new Set(publishedIds).size).toBe(publishedIds.length);
    expect(publishedIds).toHaveLength(derivedStored);
  });

  it('asks for one audit check per sampled decision, and rebuilds every history from the audit topic alone', async () => {
    const samples = await count('SELECT count(*) AS n FROM audit.samples WHERE workflow = $1', [WORKFLOW]);
    const requests = await kafka.waitFor(ours(Topics.reviewRequested), samples);
    expect(requests.every((record) => json(record).kind === 'audit')).toBe(true);
    expect(new Set(requests.map((record) => record.key)).size).toBe(samples);
    const autonomous = truths.filter((truth) => truth.route === 'autonomous').length;
    report(`sampled ${samples} of ${autonomous} autonomous decisions for audit`);

    // The review service's verdicts on the audit tasks: reviewers find exactly the decisions that were wrong.
    const completions = requests.map((record) => {
      const truth = byId.get(record.key ?? '') as Truth;
      const output = { answer: truth.id };
      return {
        key: truth.id,
        value: JSON.stringify(
          aReviewCompletion({
            decisionId: truth.id,
            taskId: `audit-task-${truth.id}`,
            kind: 'audit',
            workflow: WORKFLOW,
            verdict: truth.wrong ? 'correct' : 'approve',
            aiOutput: output,
            finalOutput: truth.wrong ? { answer: 'fixed' } : output,
            diff: [],
            confidence: truth.confidence,
            completedAt: new Date().toISOString(),
          }),
        ),
      };
    });
    await kafka.sendMany(Topics.reviewCompleted, completions);
    await eventually(async () =>
      (await count('SELECT count(*) AS n FROM audit.samples WHERE workflow = $1 AND verdict IS NOT NULL', [
        WORKFLOW,
      ])) === samples
        ? true
        : undefined,
    );

    // Every decision's history, from the topic alone, is what the trail holds for it: same events, no duplicates.
    const expectedTotal = await count(
      'SELECT count(*) AS n FROM audit.trail WHERE workflow = $1 AND decision_id IS NOT NULL',
      [WORKFLOW],
    );
    const onTopic = await kafka.waitFor(ours(Topics.auditEvents), expectedTotal);
    const fromTopic = new Map<string, AuditEventV1[]>();
    for (const record of onTopic) {
      const event = json<AuditEventV1>(record);
      fromTopic.set(event.decisionId ?? '', [...(fromTopic.get(event.decisionId ?? '') ?? []), event]);
    }
    const stored = (
      await db.query(
        `SELECT decision_id, array_agg(event_id::text ORDER BY event_id) AS ids FROM audit.trail
          WHERE workflow = $1 AND decision_id IS NOT NULL GROUP BY 1`,
        [WORKFLOW],
      )
    ).rows as Array<{ decision_id: string; ids: string[] }>;
    expect(stored).toHaveLength(TOTAL);
    for (const { decision_id: id, ids } of stored) {
      const events = fromTopic.get(id) ?? [];
      expect(events.map((event) => event.eventId).sort()).toEqual(ids);
      const types = events.map((event) => event.type).sort();
      const truth = byId.get(id) as Truth;
      const sampled = types.includes('audit.sampled');
      expect(types).toEqual(
        [
          'decision.finalized',
          'decision.received',
          'decision.routed',
          ...(truth.route === 'review' ? ['task.created'] : []),
          ...(sampled ? ['audit.judged', 'audit.sampled'] : []),
        ].sort(),
      );
      const routed = events.find((event) => event.type === 'decision.routed');
      expect(routed?.data).toMatchObject({ route: truth.route, policyVersion: 3 });
    }
    const history = await api(`/decisions/${encodeURIComponent(stored[0].decision_id)}/history`);
    expect(history.status).toBe(200);
    expect(history.body.events.map((e: { event: AuditEventV1 }) => e.event.eventId).sort()).toEqual(stored[0].ids);
  });

  it('reports an autonomous error rate and a catch rate whose 95% intervals contain the truth', async () => {
    const from = new Date(Date.parse(decidedAt) - 3_600_000).toISOString();
    const to = new Date(Date.parse(decidedAt) + 3_600_000).toISOString();
    const { status, body } = await api(`/reports/${WORKFLOW}?from=${from}&to=${to}`);
    expect(status).toBe(200);
    const autonomous = truths.filter((truth) => truth.route === 'autonomous');
    const trueErrorRate = autonomous.filter((truth) => truth.wrong).length / autonomous.length;
    const caught = truths.filter((truth) => truth.route === 'review' && truth.wrong).length;
    const escaped = autonomous.filter((truth) => truth.wrong).length;
    const trueCatchRate = caught / (caught + escaped);
    expect(body).toMatchObject({
      decisions: TOTAL,
      autonomous: autonomous.length,
      reviewed: TOTAL - autonomous.length,
      caughtInReview: caught,
      byReason: { below_threshold: TOTAL - autonomous.length },
    });
    expect(body.audit.judged).toBe(body.audit.sampled);
    const { autonomousErrorRate: errorRate, catchRate } = body;
    report(
      `autonomous error rate: truth ${trueErrorRate.toFixed(4)}, estimate ${errorRate.estimate.toFixed(4)} ` +
        `[${errorRate.lower.toFixed(4)}, ${errorRate.upper.toFixed(4)}] from ${body.audit.judged} checks`,
    );
    report(
      `catch rate: truth ${trueCatchRate.toFixed(4)}, estimate ${catchRate.estimate.toFixed(4)} ` +
        `[${catchRate.lower.toFixed(4)}, ${catchRate.upper.toFixed(4)}]`,
    );
    expect(errorRate.lower).toBeLessThanOrEqual(trueErrorRate);
    expect(errorRate.upper).toBeGreaterThanOrEqual(trueErrorRate);
    expect(catchRate.lower).toBeLessThanOrEqual(trueCatchRate);
    expect(catchRate.upper).toBeGreaterThanOrEqual(trueCatchRate);

    const csv = await api(`/reports/${WORKFLOW}?from=${from}&to=${to}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(`decisions,${TOTAL}`);
    const html = await api(`/reports/${WORKFLOW}?from=${from}&to=${to}&format=html`);
    expect(html.body).toContain('Estimated error rate of autonomous decisions');
  });
});
