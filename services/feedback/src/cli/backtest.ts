// `npm run backtest -- --workflow <name> --threshold 0.85 [--sample-rate 0.05] [--budget 0.02] [--review-cost 40
//   --error-cost 900] [--model-version v] [--from t] [--to t] [--sweep] [--json] [--url http://127.0.0.1:3002]
//   [--token <bearer>]`
// Asks the feedback service what a proposed policy would have done to the workflow's judged history and prints it.
// Without --token (or FEEDBACK_TOKEN) it mints a development lead token when the services run with the dev secret.
import { authSettingsFromVariables, mintDevelopmentToken } from '@countersign/auth/core';
import { parseArgs } from 'node:util';
import type { BacktestResult } from '../domain/backtest';

const USAGE = `usage: npm run backtest -- --workflow <name> (--threshold <0..1> | --sweep) [--sample-rate 0.05]
       [--budget 0.02] [--review-cost <n> --error-cost <n>] [--model-version <v>] [--from <RFC 3339>] [--to <RFC 3339>]
       [--json] [--url http://127.0.0.1:3002] [--token <bearer token>]`;

type NumberOption = 'threshold' | 'sample-rate' | 'budget' | 'review-cost' | 'error-cost';

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      workflow: { type: 'string' },
      threshold: { type: 'string' },
      'sample-rate': { type: 'string' },
      budget: { type: 'string' },
      'review-cost': { type: 'string' },
      'error-cost': { type: 'string' },
      'model-version': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      sweep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      url: { type: 'string', default: process.env.FEEDBACK_URL ?? 'http://127.0.0.1:3002' },
      token: { type: 'string', default: process.env.FEEDBACK_TOKEN },
    },
    strict: true,
  });
  const workflow = values.workflow as string | undefined;
  if (!workflow || (values.threshold === undefined && !values.sweep)) throw new Error(USAGE);
  // Numbers go to the service as numbers; it validates their ranges and answers 400 with the field at fault.
  const asNumber = (name: NumberOption) => {
    const text = values[name];
    if (text === undefined) return undefined;
    if (!Number.isFinite(Number(text))) throw new Error(`--${name} must be a number, got ${text}\n${USAGE}`);
    return Number(text);
  };
  const request = {
    workflow,
    threshold: asNumber('threshold'),
    sampleRate: asNumber('sample-rate'),
    budget: asNumber('budget'),
    reviewCost: asNumber('review-cost'),
    errorCost: asNumber('error-cost'),
    modelVersion: values['model-version'] as string | undefined,
    from: values.from as string | undefined,
    to: values.to as string | undefined,
  };
  return {
    request: Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined)),
    sweep: values.sweep as boolean,
    json: values.json as boolean,
    url: values.url as string,
    token: values.token as string | undefined,
  };
}

async function tokenFor(token: string | undefined, workflow: string): Promise<string> {
  if (token) return token;
  const settings = authSettingsFromVariables(process.env);
  if (settings.mode !== 'hs256') throw new Error('no --token given and AUTH_MODE is not hs256: pass a lead token');
  return mintDevelopmentToken(
    { sub: 'backtest-cli', roles: ['lead'], workflows: [workflow], ttlSeconds: 3600 },
    settings.secret,
    { issuer: settings.issuer, audience: settings.audience },
  );
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const range = (i: { estimate: number; lower: number; upper: number }, f: (x: number) => string) =>
  `${f(i.estimate)} [${f(i.lower)}, ${f(i.upper)}]`;
const whole = (x: number) => Math.round(x).toLocaleString('en-US');

/** One result as lines a person reads: the figures with their 95% intervals, and any warning first. */
export function backtestText(result: BacktestResult): string {
  const { policy } = result;
  const lines = [
    `threshold ${policy.threshold}, sample rate ${pct(policy.sampleRate)}: ` +
      `${whole(result.judged)} judged decisions standing for ~${whole(result.decisions)}, ` +
      `${whole(result.releasedJudged)} of them would be released`,
  ];
  if (!result.enough) lines.push(`  WARNING ${result.note}: the intervals below are wide or meaningless`);
  lines.push(`  reviews needed   ${range(result.reviews, whole)} (${range(result.reviewShare, pct)} of decisions)`);
  lines.push(`  released error   ${range(result.releasedError, pct)}`);
  if (result.withinBudget !== null) {
    lines.push(
      `  budget ${pct(policy.budget ?? 0)}   ${result.withinBudget ? 'met (upper bound within it)' : 'NOT shown'}`,
    );
  }
  if (result.costPer1000) lines.push(`  cost per 1,000   ${range(result.costPer1000, whole)}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const workflow = String(opts.request.workflow);
  const headers = { authorization: `Bearer ${await tokenFor(opts.token, workflow)}` };
  const response = opts.sweep
    ? await fetch(
        `${opts.url}/api/v1/backtest/sweep?${new URLSearchParams(
          Object.entries(opts.request)
            .filter(([key]) => key !== 'threshold')
            .map(([key, value]): [string, string] => [key, String(value)]),
        )}`,
        { headers },
      )
    : await fetch(`${opts.url}/api/v1/backtest`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(opts.request),
      });
  const body = await response.text();
  if (!response.ok) throw new Error(`the feedback service answered ${response.status}: ${body}`);
  if (opts.json) {
    process.stdout.write(`${body}\n`);
    return;
  }
  const results = (opts.sweep ? JSON.parse(body) : [JSON.parse(body)]) as BacktestResult[];
  process.stdout.write(`Backtest of ${workflow} (95% intervals)\n${results.map(backtestText).join('\n')}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`backtest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
