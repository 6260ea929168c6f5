import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { ReviewCompletedV1, Topics, VERDICTS } from '@countersign/contracts';
import { aReviewCompletion, aRouting } from '@countersign/contracts/testing';
import { KafkaProbe, metricsScrape, readInfrastructure, repoRoot, ServiceProcess } from '@countersign/testing';
import { execFile } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { canonicalJson } from '../domain/human-answer';
import { reviewCompletedOf, TrainingRecord } from '../domain/training-record';

// 100,000 judgments through the real service: the export streams them in bounded memory (peak RSS of the service and
// of the CLI are reported), the JSONL re-imports to exactly the judgments sent, and an interrupted CSV export resumes
// to the same bytes as an uninterrupted one.

const runId = Date.now().toString(36);
const PORT = 24201;
const JUDGMENTS = 100_000;
const MB = 1024 * 1024;
const HEAP_LIMIT_MB = 96;
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The i-th judgment: every verdict, optional members present and absent, text that needs escaping in CSV. */
function judgment(workflow: string, i: number): ReviewCompletedV1 {
  const base = aReviewCompletion();
  const verdict = VERDICTS[i % 3] ?? 'approve';
  const event: ReviewCompletedV1 = {
    ...base,
    decisionId: `${workflow}-${i}`,
    taskId: `task-${i}`,
    workflow,
    verdict,
    input: { documentId: `doc-${i}`, text: 'Zahlung über 5.000 € — "netto", 30 Tage\nZeile 2' },
    finalOutput:
      verdict === 'reject'
        ? null
        : verdict === 'approve'
          ? base.aiOutput
          : { ...base.aiOutput, noticePeriodDays: i % 120 },
    diff: verdict === 'correct' ? [{ path: '/noticePeriodDays', before: 90, after: i % 120 }] : [],
    model: { name: 'contract-extractor', version: i % 2 ? '2026.11' : '2026.12' },
    confidence: (i % 1000) / 1000,
    routing: aRouting({ randomSample: i % 7 === 0 }),
    timeOnTaskMs: i,
    completedAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
  };
  if (verdict === 'approve') delete event.reasonCode;
  if (i % 10 !== 0) delete event.comment;
  else event.comment = 'line one\nline "two", three';
  return event;
}

describe('judgment export', () => {
  const infrastructure = readInfrastructure();
  const feedback = new ServiceProcess('feedback', PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'feedback-export-0',
    LOG_LEVEL: 'warn',
    // A heap too small to hold the export: buffering it instead of streaming would crash the service.
    NODE_OPTIONS: `--max-old-space-size=${HEAP_LIMIT_MB}`,
    FEEDBACK_RECOMMEND_INTERVAL_MS: String(3_600_000),
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const db = new Client({ connectionString: infrastructure.databaseUrl });
  const workflow = `export-${runId}`;
  const outDir = join(repoRoot, 'artifacts', 'feedback-export');
  let token: string;

  /** Runs the CLI as a user would, returning its stderr (progress and the final line). */
  async function exportCli(args: string[]): Promise<string> {
    const { stderr } = await run(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(repoRoot, 'services/feedback/src/cli/export-judgments.ts'), '--workflow', workflow, ...args],
      { cwd: repoRoot, env: { ...process.env, FEEDBACK_URL: feedback.baseUrl, FEEDBACK_TOKEN: token } },
    );
    return stderr;
  }

  async function serviceRss(): Promise<number> {
    const metrics = await (await fetch(`${feedback.baseUrl}/metrics`, metricsScrape)).text();
    return Number(/^process_resident_memory_bytes (\d+)/m.exec(metrics)?.[1] ?? NaN);
  }

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    await feedback.start();
    await db.connect();
    token = await mintDevelopmentToken(
      { sub: 'lead-1', roles: ['lead'], workflows: [workflow] },
      DEVELOPMENT_HS256_SECRET,
    );
    for (let start = 0; start < JUDGMENTS; start += 500) {
      const messages = [];
      for (let i = start; i < Math.min(JUDGMENTS, start + 500); i++) {
        const event = judgment(workflow, i);
        messages.push({ key: event.decisionId, value: JSON.stringify(event) });
      }
      await kafka.sendMany(Topics.reviewCompleted, messages);
    }
    const deadline = Date.now() + 240_000;
    for (;;) {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM feedback.judgments WHERE workflow = $1', [
        workflow,
      ]);
      if (rows[0].n === JUDGMENTS) break;
      if (Date.now() > deadline) throw new Error(`only ${rows[0].n} judgments stored after 240 s`);
      await sleep(500);
    }
  }, 300_000);

  afterAll(async () => {
    await kafka.close();
    await db.end();
    await feedback.stop();
  });

  it('streams 100,000 judgments as JSONL in bounded memory, and they re-import losslessly', async () => {
    const file = join(outDir, `${workflow}.jsonl`);
    const before = await serviceRss();
    let peak = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await serviceRss());
        await sleep(100);
      }
    })();
    const started = Date.now();
    const stderr = await exportCli(['--format', 'jsonl', '--out', file]);
    const seconds = (Date.now() - started) / 1000;
    sampling = false;
    await sampler;
    const cliPeakMb = Number(/peak RSS (\d+) MB/.exec(stderr)?.[1]);
    const bytes = statSync(file).size;
    process.stdout.write(
      `[feedback] exported ${JUDGMENTS} judgments (${(bytes / MB).toFixed(0)} MB) in ${seconds.toFixed(1)} s; ` +
        `service RSS ${(before / MB).toFixed(0)} -> peak ${(peak / MB).toFixed(0)} MB; CLI peak RSS ${cliPeakMb} MB\n`,
    );
    expect(stderr).toContain(`done: 100,000 of 100,000 records (100.0%)`);
    // Bounded: neither side holds the export. The file (~95 MB, several times that as objects) is larger than the
    // service's whole heap limit, and the service answered to the end.
    expect(bytes).toBeGreaterThan(HEAP_LIMIT_MB * MB * 0.9);
    expect(peak - before).toBeLessThan(150 * MB);
    expect(cliPeakMb).toBeLessThan(200);

    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let count = 0;
    let mismatches = 0;
    let lastSeq = 0n;
    const seen = new Set<number>();
    for await (const line of lines) {
      const record = JSON.parse(line) as TrainingRecord;
      const index = Number(record.metadata.decision_id.slice(workflow.length + 1));
      if (canonicalJson(reviewCompletedOf(record)) !== canonicalJson(judgment(workflow, index))) mismatches++;
      expect(BigInt(record.metadata.seq) > lastSeq).toBe(true);
      lastSeq = BigInt(record.metadata.seq);
      seen.add(index);
      count++;
    }
    expect({ count, distinct: seen.size, mismatches }).toEqual({
      count: JUDGMENTS,
      distinct: JUDGMENTS,
      mismatches: 0,
    });
  }, 300_000);

  it('resumes an interrupted CSV export of corrections and rejections to the same bytes', async () => {
    const whole = join(outDir, `${workflow}-errors.csv`);
    const resumed = join(outDir, `${workflow}-errors-resumed.csv`);
    await exportCli(['--format', 'csv', '--verdict', 'correct,reject', '--out', whole]);
    const expected = readFileSync(whole);
    // An export cut off mid-record, as a dropped connection leaves it.
    writeFileSync(resumed, expected.subarray(0, Math.floor(expected.length * 0.4)));
    const stderr = await exportCli(['--format', 'csv', '--verdict', 'correct,reject', '--out', resumed, '--resume']);
    expect(stderr).toMatch(/resumed after seq \d+/);
    expect(readFileSync(resumed).equals(expected)).toBe(true);
    const rows = expected.toString('utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('input,ai_output,human_output,label,metadata');
    // Every third judgment (i % 3 === 0) is an approval, left out.
    expect(rows.length - 1).toBe(JUDGMENTS - Math.ceil(JUDGMENTS / 3));
  }, 300_000);
});
