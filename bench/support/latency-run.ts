import { Kafka, Partitioners } from 'kafkajs';
import { WorkloadRecord } from './decision-workload';
import { OutputWatch } from './output-watch';
import { producePaced } from './paced-producer';
import { formatCount, progress, sleep } from './progress';
import { LatencySummary, summariseLatencies } from './statistics';
import { ProcessGroup } from './process-group';
import { StartOptions, SystemName, SystemUnderTest } from './systems-under-test';
import { BenchContext } from './throughput-run';
import { waitUntil } from './kafka-topics';

export interface LatencyRun extends LatencySummary {
  system: SystemName;
  rate: number;
  sent: number;
  warmupDiscarded: number;
  /** Records sent after the warm-up that were never seen (counted out of the percentiles). */
  missing: number;
  concurrentTransactionRetries?: number;
}

/**
 * Once the system has shown it is consuming (a probe record came out), produces `records` at `rate` with the send
 * time of each, and reports produce→output latency, discarding what was sent in the first `warmupSeconds`.
 */
export async function measureLatency(
  context: BenchContext,
  system: SystemUnderTest,
  records: readonly WorkloadRecord[],
  probes: readonly WorkloadRecord[],
  rate: number,
  warmupSeconds: number,
  startOptions: StartOptions = {},
): Promise<LatencyRun> {
  const label = `${system.name} latency`;
  const topology = await system.prepare('lat');
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let measureFrom = Infinity;
  const watch = new OutputWatch(context.kafka, (key, observedAt) => {
    const sent = sentAt.get(key);
    if (sent !== undefined && sent >= measureFrom) latencies.push(observedAt - sent);
  });
  await watch.start([topology.counted]);
  const child = system.start('lat', startOptions);
  try {
    await waitUntilConsuming(context.kafka, topology.input, probes, watch, child, label);
    // Replicas join one after another, each join a rebalance: the measured traffic starts once they all have.
    const { groupStable } = system;
    if (child.processes.length > 1 && groupStable) {
      await waitUntil(() => groupStable.call(system), `all ${child.processes.length} replicas in a stable group`);
    }
    progress(`  ${label}: consuming; producing ${formatCount(rate)} decisions/s for ${records.length / rate} s`);
    const { sent, seconds } = await producePaced(context.kafka, topology.input, records, rate, (key, at) => {
      if (measureFrom === Infinity) measureFrom = at + warmupSeconds * 1000;
      sentAt.set(key, at);
    });
    const expected = [...sentAt.values()].filter((at) => at >= measureFrom).length;
    const deadline = Date.now() + 30_000;
    while (latencies.length < expected && Date.now() < deadline && child.alive) await sleep(20);
    await child.stop();
    const result: LatencyRun = {
      system: system.name,
      rate: sent / seconds,
      sent,
      warmupDiscarded: sent - expected,
      missing: expected - latencies.length,
      concurrentTransactionRetries: system.logsKafkaRetries ? child.concurrentTransactionRetries() : undefined,
      ...summariseLatencies(latencies),
    };
    progress(`  ${label}: ${describe(result)}`);
    return result;
  } finally {
    await child.stop();
    await watch.stop();
  }
}

/** Sends probe records until one comes out: the process has started, joined its group and is consuming. */
async function waitUntilConsuming(
  kafka: Kafka,
  topic: string,
  probes: readonly WorkloadRecord[],
  watch: OutputWatch,
  child: ProcessGroup,
  label: string,
): Promise<void> {
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    const deadline = Date.now() + 90_000;
    for (let index = 0; watch.count === 0; index += 1) {
      if (!child.alive) throw new Error(`${label}: the system exited during start-up; see ${child.logFiles}`);
      if (Date.now() > deadline) throw new Error(`${label}: no output within 90 s of starting`);
      const probe = probes[index % probes.length];
      await producer.send({ topic, messages: [{ key: probe.key, value: probe.value }] });
      await sleep(200);
    }
    // Let the start-up burst (probes sent before the consumer joined) drain before the measured traffic begins.
    await sleep(1_000);
  } finally {
    await producer.disconnect();
  }
}

function describe(run: LatencyRun): string {
  return (
    `${formatCount(run.rate)}/s achieved; p50 ${run.p50.toFixed(1)} ms, p95 ${run.p95.toFixed(1)} ms, ` +
    `p99 ${run.p99.toFixed(1)} ms, max ${run.max.toFixed(1)} ms over ${formatCount(run.samples)} records` +
    (run.missing > 0 ? `; ${run.missing} NOT SEEN within 30 s` : '') +
    (run.concurrentTransactionRetries ? `; ${run.concurrentTransactionRetries} CONCURRENT_TRANSACTIONS retries` : '')
  );
}
