import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One record as a consumer received it. */
export interface ReadRecord {
  offset: number;
  key: string;
}

export type Isolation = 'read_committed' | 'read_uncommitted';

/**
 * Reads one partition with Apache Kafka's own Java client (ReadPartition.java), the oracle of what `read_committed`
 * means: for each start offset, every record from there to the end offset at the time of the read.
 */
export async function readWithJavaClient(
  repoRoot: string,
  brokers: string,
  topic: string,
  isolation: Isolation,
  starts: readonly number[],
): Promise<Map<number, ReadRecord[]>> {
  const cache = process.env.KAFKA_CACHE_DIR ?? join(repoRoot, '.cache', 'kafka');
  const version = readdirSync(cache).find((entry) => /^\d+\.\d+\.\d+$/.test(entry));
  if (!version) throw new Error(`no Kafka jars in ${cache}: run deploy/local/kafka.sh fetch`);
  const program = join(__dirname, 'ReadPartition.java');
  const args = ['-cp', `${join(cache, version, 'libs')}/*`, program, brokers, topic, '0', isolation];
  const { stdout } = await run('java', [...args, ...starts.map(String)], { maxBuffer: 64 << 20 });
  const reads = new Map<number, ReadRecord[]>();
  let current: ReadRecord[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('# ')) {
      current = [];
      reads.set(Number(line.slice(2)), current);
    } else if (line) {
      const [offset, key] = line.split('\t');
      current.push({ offset: Number(offset), key });
    }
  }
  return reads;
}
