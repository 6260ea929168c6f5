/**
 * `npm run drill:report -- <drill.json>...`: one table per fault kind over drills run side by side (each with its own
 * COUNTERSIGN_TEST_PORT_OFFSET and `--json`), as `npm run drill -- --seeds N` prints for one. Exit 1 when any seed
 * had an anomaly or a violation, 2 when a file cannot be read.
 */
import { readFileSync } from 'node:fs';
import { FaultTypeRow, mergeRows, percentile, renderTable } from './domain/fault-table';

interface DrillJson {
  args: { decisions: number; kinds: string[] };
  results: { seed: string; elapsed: number; anomalies: unknown[]; violations: string[] }[];
  table: FaultTypeRow[];
}

function read(file: string): DrillJson {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<DrillJson>;
  if (!parsed.args || !Array.isArray(parsed.results) || !Array.isArray(parsed.table)) {
    throw new Error(`${file}: not the JSON of \`npm run drill -- --json\` (args, results and table expected)`);
  }
  return parsed as DrillJson;
}

function main(files: string[]): number {
  if (files.length === 0 || files.includes('--help') || files.includes('-h')) {
    process.stdout.write('usage: npm run drill:report -- <drill.json>... (files written by npm run drill -- --json)\n');
    return files.length === 0 ? 2 : 0;
  }
  let runs: DrillJson[];
  try {
    runs = files.map(read);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const rows = new Map<string, FaultTypeRow>();
  runs.forEach((run) => mergeRows(rows, run.table));
  const seeds = runs.flatMap((run) => run.results.map((result) => ({ ...result, decisions: run.args.decisions })));
  const decisions = seeds.reduce((sum, seed) => sum + seed.decisions, 0);
  const anomalies = seeds.reduce((sum, seed) => sum + seed.anomalies.length, 0);
  const violations = seeds.flatMap((seed) => seed.violations.map((violation) => `${seed.seed}: ${violation}`));
  // Drills from before the per-fault column said it only in their violation's text.
  const late = seeds.reduce(
    (sum, seed) =>
      sum +
      seed.violations.reduce((n, violation) => n + Number(/: (\d+) expired later than/.exec(violation)?.[1] ?? 0), 0),
    0,
  );
  const minutes = seeds.map((seed) => seed.elapsed / 60);
  const recovery = [...rows.values()].flatMap((row) => row.recoverySeconds);
  const notRecovered = [...rows.values()].reduce((sum, row) => sum + row.notRecovered, 0);
  const fixed = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1));
  process.stdout.write(
    `${seeds.length} seed(s) from ${files.length} file(s), ${decisions} decisions; ` +
      `fault kinds ${new Set(runs.flatMap((run) => run.args.kinds)).size}; ` +
      `stream per seed ${fixed(percentile(minutes, 50))} min (median), ${fixed(Math.max(...minutes))} min (longest)\n` +
      `seeds: ${seeds.map((seed) => `${seed.seed} (${seed.anomalies.length} anomalies)`).join(', ')}\n\n` +
      `${renderTable(rows.values())}\n\n` +
      `all faults: ${recovery.length + notRecovered}, recovery p50 ${fixed(percentile(recovery, 50))} s, ` +
      `p99 ${fixed(percentile(recovery, 99))} s, not recovered ${notRecovered}; anomalies ${anomalies}, ` +
      `violations ${violations.length}; abandoned reviews expired late: ${late}\n`,
  );
  violations.forEach((violation) => process.stdout.write(`VIOLATION ${violation}\n`));
  return anomalies > 0 || violations.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
