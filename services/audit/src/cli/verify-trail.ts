import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { TrailStore } from '../trail/trail-store';
import { TrailVerifier } from '../trail/trail-verifier';
import { checkCheckpointFile } from './checkpoint-file-check';

// npm run audit:verify -- [--chain n] [--from seq] [--to seq]
// Walks the audit trail straight from Postgres (DATABASE_URL) and prints the result as JSON. Exit status: 0 intact,
// 1 a broken record (named in the output), 2 bad arguments or no database.
// npm run audit:verify -- --checkpoint cp.json --public-key audit-checkpoints.pub.pem
// Verifies one checkpoint with the public key alone (no database): 0 genuine, 1 forged or altered.

const USAGE =
  'usage: npm run audit:verify -- [--chain <n>] [--from <seq>] [--to <seq>]\n' +
  '       npm run audit:verify -- --checkpoint <checkpoint.json> --public-key <public-key.pem>';

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return parsed;
}

async function main(): Promise<number> {
  let range;
  try {
    const { values } = parseArgs({
      options: {
        chain: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        checkpoint: { type: 'string' },
        'public-key': { type: 'string' },
      },
      strict: true,
    });
    if (values.checkpoint !== undefined || values['public-key'] !== undefined) {
      if (!values.checkpoint || !values['public-key']) throw new Error('--checkpoint and --public-key go together');
      const result = checkCheckpointFile(values.checkpoint, values['public-key']);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if (!result.signatureValid) process.stderr.write(`checkpoint NOT authentic: ${result.problem}\n`);
      return result.signatureValid ? 0 : 1;
    }
    range = {
      chain: integer('chain', values.chain, 0),
      fromSeq: integer('from', values.from, 1),
      toSeq: integer('to', values.to, 1),
    };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const dataSource = new DataSource({
    type: 'postgres',
    url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/countersign',
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    process.stderr.write(`cannot reach Postgres: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    const result = await new TrailVerifier(new TrailStore(dataSource)).verify(range);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (result.broken) {
      const { chain, seq, eventId, problem } = result.broken;
      process.stderr.write(`trail broken: chain ${chain} seq ${seq} (${eventId ?? 'no record'}): ${problem}\n`);
    }
    return result.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(2);
  },
);
