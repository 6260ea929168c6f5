#!/usr/bin/env node
// `npm test`: lint, type-check, build, unit, integration and end-to-end tests, with the time of each phase and one
// closing line of totals. Integration and end-to-end phases get Kafka and Postgres from the shared harness
// (libs/testing): KAFKA_BROKERS / TEST_DATABASE_URL when set (never the app's DATABASE_URL), else Testcontainers,
// else the local Maven-jar broker and Postgres.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, '.cache', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const only = process.argv.slice(2);
const jest = (config, name) => [
  'npx',
  ['jest', '-c', config, '--runInBand', '--ci', '--json', `--outputFile=${join(resultsDir, `${name}.json`)}`],
];
const phases = [
  { name: 'lint', run: ['npx', ['eslint', '.', '--max-warnings=0']] },
  { name: 'format', run: ['npx', ['prettier', '--check', '.', '--log-level=warn']] },
  { name: 'openapi', run: ['npm', ['run', '-s', 'openapi:lint']], check: true },
  { name: 'typecheck', run: ['npx', ['nx', 'run-many', '-t', 'typecheck', '--output-style=stream-without-prefixes']] },
  { name: 'build', run: ['npx', ['nx', 'run-many', '-t', 'build', '--output-style=stream-without-prefixes']] },
  { name: 'unit', run: jest('jest.unit.config.js', 'unit'), jest: true },
  { name: 'medium', run: jest('jest.medium.config.js', 'medium'), jest: true },
  { name: 'integration', run: jest('jest.int.config.js', 'integration'), jest: true },
  { name: 'e2e', run: jest('jest.e2e.config.js', 'e2e'), jest: true },
  // The fault drill at CI scale, one seed of the short set: every service killed once, 5 s pauses of a service, the
  // broker and Postgres, a clock skewed 5 min each way for 15 s, broker restart, Postgres crash (no long pauses, no
  // partitions: docs/operations.md#the-fault-drill has the long form); exit 1 on any anomaly. Counts as one test.
  {
    name: 'drill',
    run: [
      'npm',
      ['run', '-s', 'drill', '--', '--decisions', '240', '--rate', '2', '--faults', 'short', '--skew-for', '15'],
    ],
    check: true,
  },
].filter((phase) => only.length === 0 || only.includes(phase.name));

const timings = [];
let passed = 0;
let failed = 0;
let failedPhase;
for (const phase of phases) {
  process.stdout.write(`\n\x1b[1m=== ${phase.name} ===\x1b[0m\n`);
  const started = Date.now();
  const [command, args] = phase.run;
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  const seconds = (Date.now() - started) / 1000;
  timings.push([phase.name, seconds, result.status === 0 ? 'ok' : 'FAILED']);
  if (phase.jest) {
    const file = join(resultsDir, `${phase.name}.json`);
    if (existsSync(file)) {
      const report = JSON.parse(readFileSync(file, 'utf8'));
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      if (report.numTotalTests === 0) {
        process.stdout.write(`${phase.name}: no tests ran\n`);
        result.status = 1;
      }
    }
  }
  if (phase.check) {
    if (result.status === 0) passed += 1;
    else failed += 1;
  }
  if (result.status !== 0) {
    failedPhase = phase.name;
    if (phase.jest && failed === 0) failed += 1;
    break;
  }
}

process.stdout.write('\n\x1b[1m=== summary ===\x1b[0m\n');
for (const [name, seconds, status] of timings) {
  process.stdout.write(`${name.padEnd(12)} ${seconds.toFixed(1).padStart(7)} s  ${status}\n`);
}
if (failedPhase) process.stdout.write(`stopped at the first failing phase: ${failedPhase}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(failedPhase ? 1 : 0);
