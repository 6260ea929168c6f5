#!/usr/bin/env node
// `npm start`: everything a fresh clone needs to run Countersign locally, then the four services in the foreground.
// Plain Node with no dependencies, because it runs before `npm ci` has installed any.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = [
  { name: 'review', port: Number(process.env.REVIEW_PORT ?? 3000) },
  { name: 'router', port: Number(process.env.ROUTER_PORT ?? 3001) },
  { name: 'feedback', port: Number(process.env.FEEDBACK_PORT ?? 3002) },
  { name: 'audit', port: Number(process.env.AUDIT_PORT ?? 3003) },
];
// The services' Node/V8 flags (heap sizing), one list for every way of starting them: see that file.
const NODE_FLAGS = readFileSync(join(root, 'deploy', 'service-node-flags'), 'utf8')
  .replace(/#.*$/gm, '')
  .split(/\s+/)
  .filter(Boolean);
const COLORS = { review: 36, router: 35, feedback: 33, audit: 32 };
const say = (message) => process.stdout.write(`\x1b[1m[countersign]\x1b[0m ${message}\n`);
const fail = (message) => {
  process.stderr.write(`\x1b[31m[countersign] ${message}\x1b[0m\n`);
  process.exit(1);
};

function runStep(title, command, args, env = process.env) {
  say(title);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) fail(`${title} failed (exit ${result.status}); see the output above`);
  say(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function reachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function needsInstall() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  return statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs;
}

async function main() {
  const startedAt = Date.now();
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js >= 20.19 is required (this is ${process.version})`);

  if (needsInstall()) runStep('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
  runStep('building the services', 'npx', ['nx', 'run-many', '-t', 'build', '--output-style=stream-without-prefixes']);

  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/countersign';
  const db = new URL(databaseUrl);
  if (!(await reachable(db.hostname, Number(db.port || 5432)))) {
    fail(`Postgres is not reachable at ${db.hostname}:${db.port || 5432}. Start it, or set DATABASE_URL.`);
  }
  say(`Postgres answers at ${db.hostname}:${db.port || 5432}`);

  let startedKafka = false;
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const [kafkaHost, kafkaPort] = brokers.split(',')[0].split(':');
  if (await reachable(kafkaHost, Number(kafkaPort))) {
    say(`using the Kafka broker already listening on ${brokers}`);
  } else if (process.env.KAFKA_BROKERS) {
    fail(`KAFKA_BROKERS=${brokers} is not reachable`);
  } else {
    runStep('starting Kafka (Apache Kafka from Maven Central jars, KRaft, 127.0.0.1:9092)', 'bash', [
      'deploy/local/kafka.sh',
      'start',
    ]);
    startedKafka = true;
  }

  const logDir = join(root, '.cache', 'logs');
  mkdirSync(logDir, { recursive: true });
  const children = new Map();
  let stopping = false;

  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping services (they finish and commit the batch in flight)...');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
            // 'close', not 'exit': the child's last log lines are still in the pipe when it exits.
            child.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    if (startedKafka) runStep('stopping Kafka', 'bash', ['deploy/local/kafka.sh', 'stop']);
    say('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  // `npm start` is a local run: development mode, in which the services accept the public default secrets (the HS256
  // token secret, audit's sampling secret and checkpoint key). COUNTERSIGN_DEVELOPMENT=false in the environment opts
  // out, to try a configuration that must start without them.
  const developmentMode = process.env.COUNTERSIGN_DEVELOPMENT ?? 'true';
  if (developmentMode === 'true') {
    say('development mode (COUNTERSIGN_DEVELOPMENT=true): public default secrets accepted — never in production');
  }

  // Supervision: a service that exits while everything starts (bad configuration, a port in use) stops the platform
  // with its log; one that crashes later (e.g. the router after a broker restart, by design) is started again after
  // a backoff, unless it crashes five times within five minutes.
  let allHealthy = false;
  const crashes = new Map();
  const startService = (name, port) => {
    const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
    const entry = join(root, 'dist', 'services', name, 'services', name, 'src', 'main.js');
    const child = spawn(process.execPath, [...NODE_FLAGS, entry], {
      cwd: root,
      env: {
        ...process.env,
        ...webAppEnv(),
        COUNTERSIGN_DEVELOPMENT: developmentMode,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: brokers,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `\x1b[${COLORS[name]}m${name.padEnd(8)}\x1b[0m|`;
    const echo = (chunk) => {
      log.write(chunk);
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        process.stdout.write(`${prefix} ${readable(line)}\n`);
      }
    };
    child.stdout.on('data', echo);
    child.stderr.on('data', echo);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`${prefix} exited (${signal ?? code}); its log is in .cache/logs/${name}.log\n`);
      if (!allHealthy) return stopAll(1);
      const recent = [...(crashes.get(name) ?? []), Date.now()].filter((at) => at > Date.now() - 300_000);
      crashes.set(name, recent);
      if (recent.length >= 5) {
        process.stderr.write(`${prefix} crashed ${recent.length} times in 5 minutes; stopping the platform\n`);
        return stopAll(1);
      }
      const delayMs = 1_000 * 2 ** (recent.length - 1);
      process.stderr.write(`${prefix} restarting in ${delayMs / 1000} s\n`);
      setTimeout(() => stopping || startService(name, port), delayMs);
    });
    children.set(name, child);
  };
  for (const { name, port } of SERVICES) startService(name, port);

  const deadline = Date.now() + 120_000;
  for (const { name, port } of SERVICES) {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`)
        .then((response) => response.ok)
        .catch(() => false);
      if (ok) break;
      if (stopping) return;
      if (Date.now() > deadline) {
        process.stderr.write(`${name} did not become healthy within 120 s\n`);
        return stopAll(1);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  allHealthy = true;
  say(`all four services are healthy (${((Date.now() - startedAt) / 1000).toFixed(0)} s):`);
  for (const { name, port } of SERVICES)
    say(
      `  ${name.padEnd(8)} http://localhost:${port}   (API docs: /docs, OpenAPI JSON: /docs-json, health: /health, metrics: /metrics)`,
    );
  say(`reviewer web app: http://localhost:${portOf('review')}/ (sign in with a token, below)`);
  say('send a first decision (in another terminal):');
  say('  npm run decision:send -- --workflow lead-qualification --confidence 0.95  # autonomous (unless spot-checked)');
  say('  npm run decision:send -- --workflow lead-qualification --confidence 0.55  # below threshold: a review task');
  say(
    '  a reviewer token: npm run -s token -- --sub reviewer-1 --roles reviewer --workflows "*"   (see README.md, "A first decision")',
  );
  say('press Ctrl-C to stop everything this command started.');
}

function portOf(name) {
  return SERVICES.find((service) => service.name === name).port;
}

/** The reviewer web app (served by review) calls router, feedback and audit from the browser: their URLs and CORS. */
function webAppEnv() {
  const review = portOf('review');
  return {
    CORS_ORIGINS: process.env.CORS_ORIGINS ?? `http://localhost:${review},http://127.0.0.1:${review}`,
    REVIEW_UI_ROUTER_URL: process.env.REVIEW_UI_ROUTER_URL ?? `http://localhost:${portOf('router')}`,
    REVIEW_UI_FEEDBACK_URL: process.env.REVIEW_UI_FEEDBACK_URL ?? `http://localhost:${portOf('feedback')}`,
    REVIEW_UI_AUDIT_URL: process.env.REVIEW_UI_AUDIT_URL ?? `http://localhost:${portOf('audit')}`,
  };
}

/** Service logs are JSON lines; show level, context and message, keep the rest compact. */
function readable(line) {
  try {
    const parsed = JSON.parse(line);
    const { level, context, msg, req, res, responseTime } = parsed;
    const rest = { ...parsed };
    for (const field of ['level', 'time', 'service', 'context', 'msg', 'pid', 'hostname', 'req', 'res', 'responseTime'])
      delete rest[field];
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    const http = req ? ` ${req.method} ${req.url} -> ${res?.statusCode} (${responseTime} ms)` : '';
    return `${String(level).padEnd(5)} ${context ? `[${context}] ` : ''}${typeof msg === 'string' ? msg : JSON.stringify(msg)}${http}${extra}`;
  } catch {
    return line;
  }
}

main().catch((error) => fail(error.stack ?? String(error)));
