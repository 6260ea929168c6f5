// `npm run feedback:export -- --workflow <name> --format jsonl|csv --out <file> [--model-version v] [--from t] [--to t]
//   [--verdict correct,reject] [--resume] [--url http://127.0.0.1:3002] [--token <bearer>]`
// Streams the feedback service's judgment export to a file, with progress on stderr. --resume continues a file a
// previous run left behind: it reads the last complete record's cursor (metadata.seq) and appends what follows.
// Without --token (or FEEDBACK_TOKEN) it mints a development lead token when the services run with the dev secret.
import { authSettingsFromVariables, mintDevelopmentToken } from '@countersign/auth/core';
import { createWriteStream, existsSync, openSync, readSync, statSync, closeSync, truncateSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, ExportFormat, parseExportLine } from '../domain/export-format';

const USAGE = `usage: npm run feedback:export -- --workflow <name> --format jsonl|csv --out <file>
       [--model-version <v>] [--from <RFC 3339>] [--to <RFC 3339>] [--verdict approve,correct,reject] [--resume]
       [--url http://127.0.0.1:3002] [--token <bearer token>]`;

interface Options {
  workflow: string;
  format: ExportFormat;
  out: string;
  modelVersion?: string;
  from?: string;
  to?: string;
  verdict?: string;
  resume: boolean;
  url: string;
  token?: string;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      workflow: { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
      out: { type: 'string' },
      'model-version': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      verdict: { type: 'string' },
      resume: { type: 'boolean', default: false },
      url: { type: 'string', default: process.env.FEEDBACK_URL ?? 'http://127.0.0.1:3002' },
      token: { type: 'string', default: process.env.FEEDBACK_TOKEN },
    },
    strict: true,
  });
  const format = values.format as ExportFormat;
  if (!values.workflow || !values.out || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new Error(USAGE);
  }
  return {
    workflow: values.workflow,
    format,
    out: values.out,
    modelVersion: values['model-version'],
    from: values.from,
    to: values.to,
    verdict: values.verdict,
    resume: values.resume ?? false,
    url: values.url ?? 'http://127.0.0.1:3002',
    token: values.token,
  };
}

/**
 * The cursor of the last complete record in `file`, after cutting off a partial last line an interrupted run left;
 * undefined when the file holds no record (a CSV may hold just its header).
 */
export function resumeCursor(file: string, format: ExportFormat): string | undefined {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    // A record is far shorter than the first window in practice; the window grows until it holds the last line.
    for (let window = 64 * 1024; ; window *= 4) {
      const start = Math.max(0, size - window);
      const buffer = Buffer.alloc(size - start);
      readSync(fd, buffer, 0, buffer.length, start);
      const end = buffer.lastIndexOf(10);
      if (end < 0 && start > 0) continue;
      const begin = end <= 0 ? 0 : buffer.lastIndexOf(10, end - 1) + 1;
      if (begin === 0 && start > 0) continue;
      truncateSync(file, start + end + 1);
      if (end < 0 || (format === 'csv' && start + begin === 0)) return undefined;
      return parseExportLine(buffer.subarray(begin, end).toString('utf8'), format).metadata.seq;
    }
  } finally {
    closeSync(fd);
  }
}

async function tokenFor(options: Options): Promise<string> {
  if (options.token) return options.token;
  const settings = authSettingsFromVariables(process.env);
  if (settings.mode !== 'hs256') throw new Error('no --token given and AUTH_MODE is not hs256: pass a lead token');
  return mintDevelopmentToken(
    { sub: 'feedback-export-cli', roles: ['lead'], workflows: [options.workflow], ttlSeconds: 12 * 3600 },
    settings.secret,
    { issuer: settings.issuer, audience: settings.audience },
  );
}

const count = (n: number) => n.toLocaleString('en-US');

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const after = opts.resume && existsSync(opts.out) ? resumeCursor(opts.out, opts.format) : undefined;
  const appending = opts.resume && existsSync(opts.out) && statSync(opts.out).size > 0;
  const query = new URLSearchParams({ workflow: opts.workflow, format: opts.format });
  if (opts.modelVersion) query.set('modelVersion', opts.modelVersion);
  if (opts.from) query.set('from', opts.from);
  if (opts.to) query.set('to', opts.to);
  if (opts.verdict) query.set('verdict', opts.verdict);
  // Resuming a CSV that has its header but no record yet: after=0 skips the header and starts at the first record.
  if (after !== undefined || (appending && opts.format === 'csv')) query.set('after', after ?? '0');

  const response = await fetch(`${opts.url}/api/v1/exports/judgments?${query}`, {
    headers: { authorization: `Bearer ${await tokenFor(opts)}` },
  });
  if (!response.ok || !response.body) {
    throw new Error(`export refused: HTTP ${response.status} ${await response.text()}`);
  }
  const total = Number(response.headers.get('x-export-total') ?? NaN);
  const started = Date.now();
  let lines = 0;
  const header = opts.format === 'csv' && after === undefined && !appending ? 1 : 0;
  const report = (final = false) => {
    const records = Math.max(0, lines - header);
    const seconds = (Date.now() - started) / 1000;
    const share = Number.isFinite(total) && total > 0 ? ` (${((100 * records) / total).toFixed(1)}%)` : '';
    process.stderr.write(
      `${final ? 'done: ' : ''}${count(records)} of ${count(total)} records${share}, ` +
        `${count(Math.round(records / Math.max(seconds, 0.001)))}/s${final ? '' : '\r'}`,
    );
  };
  const progress = setInterval(() => report(), 1000);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]),
      counter,
      createWriteStream(opts.out, { flags: appending ? 'a' : 'w' }),
    );
  } finally {
    clearInterval(progress);
  }
  report(true);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(
    ` -> ${opts.out}${after ? ` (resumed after seq ${after})` : ''}; peak RSS ${peakRssMb.toFixed(0)} MB\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`feedback-export: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
