// Micro-measurement of kafkajs's produce request encoding (issue 16, docs/decisions/0005): router-sized records
// (bench/support/decision-workload.ts, 680-930 bytes, keyed by decision id, a `traceparent` header) in the router's
// 512 KiB produce requests over two topics and six partitions: grouped by partition as kafkajs's producer does, then
// encoded and framed as its connection sends them.
// Prints the process's CPU time per record (µs; steadier than wall time on a shared machine), and the bytes allocated per record: on the V8 heap (from the heap before each GC and after the
// one before) and through Buffer's allocating functions (the zero-filled and pooled buffers, counted separately).
//
//   npx tsx bench/produce-encoding.ts --baseline <kafkajs package dir> [--processes 3] [--count 20000] [--rounds 15]
//
// runs the installed kafkajs and the baseline (e.g. `npm pack kafkajs@2.2.4`, unpacked; or another checkout's
// node_modules/kafkajs) in turns, each in a fresh process, and prints the medians and their ratio.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GCProfiler } from 'node:v8';
import { decisionWorkload } from './support/decision-workload';
import { median } from './support/statistics';

interface Sample {
  kafkajs: string;
  records: number;
  cpuUsPerRecord: number;
  gcPauseUsPerRecord: number;
  heapBytesPerRecord: number;
  bufferBytesPerRecord: number;
  buffersPerRecord: number;
}

const TOPICS = ['countersign.decisions.routed', 'countersign.review.requested'];
const PARTITIONS = 6; // keyed by decision id with kafkajs's default partitioner (murmur2), as the router's are
const SLICE_BYTES = 512 * 1024;

const { values } = parseArgs({
  options: {
    kafkajs: { type: 'string' },
    baseline: { type: 'string' },
    processes: { type: 'string', default: '3' },
    count: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '15' },
  },
});
const installed = dirname(require.resolve('kafkajs/package.json'));

if (values.baseline) compare(resolve(values.baseline));
else void measure(resolve(values.kafkajs ?? installed)).then((sample) => console.log(JSON.stringify(sample)));

function compare(baseline: string): void {
  const samples: Sample[] = [];
  for (let turn = 0; turn < Number(values.processes); turn += 1) {
    for (const kafkajs of [baseline, installed]) {
      const args = [
        ...process.execArgv,
        __filename,
        '--kafkajs',
        kafkajs,
        '--count',
        values.count,
        '--rounds',
        values.rounds,
      ];
      const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`measuring ${kafkajs} failed: ${child.stderr}`);
      const sample = JSON.parse(child.stdout.trim().split('\n').pop() as string) as Sample;
      console.log(`${new Date().toISOString()} ${kafkajs === installed ? 'installed' : 'baseline '} ${format(sample)}`);
      samples.push(sample);
    }
  }
  const of = (kafkajs: string, field: keyof Omit<Sample, 'kafkajs'>) =>
    median(samples.filter((sample) => sample.kafkajs === kafkajs).map((sample) => sample[field]));
  console.log(`\nmedians over ${values.processes} processes each (${values.count} records, ${values.rounds} rounds)`);
  for (const field of [
    'cpuUsPerRecord',
    'gcPauseUsPerRecord',
    'heapBytesPerRecord',
    'bufferBytesPerRecord',
    'buffersPerRecord',
  ] as const) {
    const [before, after] = [of(baseline, field), of(installed, field)];
    console.log(
      `${field.padEnd(22)} baseline ${before.toFixed(2).padStart(10)}  installed ${after.toFixed(2).padStart(10)}  ratio ${(after / before).toFixed(2)}`,
    );
  }
}

function format(sample: Sample): string {
  return (
    `${sample.cpuUsPerRecord.toFixed(2)} µs CPU/record (GC pauses ${sample.gcPauseUsPerRecord.toFixed(2)}), ` +
    `heap ${Math.round(sample.heapBytesPerRecord)} B/record, Buffer ${Math.round(sample.bufferBytesPerRecord)} B in ` +
    `${sample.buffersPerRecord.toFixed(1)} buffers/record`
  );
}

async function measure(kafkajs: string): Promise<Sample> {
  const createRequest = require(`${kafkajs}/src/protocol/request`);
  const produce = require(`${kafkajs}/src/protocol/requests/produce`);
  const groupMessagesPerPartition = require(`${kafkajs}/src/producer/groupMessagesPerPartition`);
  const partitioner = require(`${kafkajs}/src/producer/partitioners/default`)();
  const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({ partitionId, leader: 0 }));
  const slices = routerSlices(Number(values.count));
  // What the producer does with a slice (sendMessages): messages grouped by partition, then the request encoded
  const encodeAll = async () => {
    for (const [index, topicMessages] of slices.entries()) {
      const topicData = topicMessages.map(({ topic, messages }) => {
        const perPartition = groupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner });
        const partitions = Object.keys(perPartition).map((partition) => ({
          partition: Number(partition),
          firstSequence: index,
          messages: perPartition[partition],
        }));
        return { topic, partitions };
      });
      const { request } = produce.protocol({ version: 7 })({
        acks: -1,
        timeout: 30_000,
        transactionalId: 'countersign-router-bench-0',
        producerId: '4711',
        producerEpoch: 3,
        topicData,
      });
      await createRequest({ correlationId: index, clientId: 'countersign-router', request });
    }
  };

  for (let round = 0; round < 3; round += 1) await encodeAll(); // warm up: optimised code, a grown heap
  const records = Number(values.count);
  const times: number[] = [];
  const profiler = new GCProfiler();
  profiler.start();
  for (let round = 0; round < Number(values.rounds); round += 1) {
    const start = process.cpuUsage();
    await encodeAll();
    const { user, system } = process.cpuUsage(start);
    times.push((user + system) / records);
  }
  const gcs = profiler.stop()?.statistics ?? [];
  const rounds = Number(values.rounds) * records;

  // Heap bytes allocated: what each GC found in use, less what the one before it left
  const heapUsed = () => process.memoryUsage().heapUsed;
  const heapProfiler = new GCProfiler();
  heapProfiler.start();
  const heapBefore = heapUsed();
  await encodeAll();
  const heapAfter = heapUsed();
  const heapGcs = heapProfiler.stop()?.statistics ?? [];
  let heapBytes = 0;
  let previous = heapBefore;
  for (const gc of heapGcs) {
    heapBytes += gc.beforeGC.heapStatistics.usedHeapSize - previous;
    previous = gc.afterGC.heapStatistics.usedHeapSize;
  }
  heapBytes += heapAfter - previous;

  const buffers = await countBuffers(encodeAll);
  return {
    kafkajs,
    records,
    cpuUsPerRecord: median(times),
    gcPauseUsPerRecord: gcs.reduce((sum, gc) => sum + gc.cost, 0) / rounds,
    heapBytesPerRecord: heapBytes / records,
    bufferBytesPerRecord: buffers.bytes / records,
    buffersPerRecord: buffers.count / records,
  };
}

/** The router's outputs as its transport hands them to kafkajs: 512 KiB slices, grouped by topic (output-slices.ts). */
function routerSlices(count: number) {
  const outputs = decisionWorkload(count, 'bench').map((record, index) => ({
    topic: TOPICS[index % TOPICS.length],
    message: {
      key: record.key,
      value: record.value,
      headers: { traceparent: `00-${record.key.padEnd(32, '0').slice(0, 32)}-00f067aa0ba902b7-01` },
    },
  }));
  const slices = [];
  for (let start = 0; start < outputs.length;) {
    const byTopic = new Map<string, object[]>();
    for (let bytes = 0; start < outputs.length && bytes < SLICE_BYTES; start += 1) {
      const { topic, message } = outputs[start];
      bytes += message.value.length + message.key.length + 64;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
    }
    slices.push([...byTopic].map(([topic, messages]) => ({ topic, messages })));
  }
  return slices;
}

/** Bytes asked of Buffer.alloc, allocUnsafe and from while `run` runs. */
async function countBuffers(run: () => Promise<void>): Promise<{ bytes: number; count: number }> {
  const counted = { bytes: 0, count: 0 };
  const original = { alloc: Buffer.alloc, allocUnsafe: Buffer.allocUnsafe, from: Buffer.from };
  const count = (buffer: Buffer) => {
    counted.bytes += buffer.length;
    counted.count += 1;
    return buffer;
  };
  Object.assign(Buffer, {
    alloc: (...args: Parameters<typeof Buffer.alloc>) => count(original.alloc(...args)),
    allocUnsafe: (size: number) => count(original.allocUnsafe(size)),
    from: (...args: unknown[]) => count((original.from as (...a: unknown[]) => Buffer)(...args)),
  });
  try {
    await run();
  } finally {
    Object.assign(Buffer, original);
  }
  return counted;
}
