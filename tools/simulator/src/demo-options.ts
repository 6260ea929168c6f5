import { parseArgs } from 'node:util';
import { BaselineSettings } from './domain/comparison';
import { CALIBRATIONS, Calibration } from './domain/model-behaviour';
import { SimulationOptions } from './simulation-run';

export const DEMO_USAGE = `usage: npm run demo -- [options]
  --decisions <n>         decisions to stream (default 600)
  --rate <n>              decisions per second (default 20)
  --calibration <c>       calibrated | over-confident (default over-confident)
  --versions <n>          model versions the stream passes through, each better (default 3)
  --reviewers <n>         simulated reviewers, two of them leads who take escalations (default 5)
  --reviewer-accuracy <p> probability a reviewer judges right when looking (default 0.95)
  --seconds-per-task <s>  mean time a simulated reviewer spends on a task (default 0.5)
  --rubber-stamp <p>      share of tasks approved without looking, fast (default 0.05)
  --reconsider <p>        probability a rubber-stamper the guard prompts goes back and reads (an assumption of the
                          simulation, printed in the report; default 0.5)
  --human-share <p>       share of the run's reviews left for you in the UI (default 0.05)
  --settle <s>            seconds to wait for the queues to drain after the last decision (default 60)
  --seed <text>           seed of the whole run (default: a fixed one, so runs repeat)
  --json <file>           also write the report as JSON
  --compare               send every decision twice: to its seed workflow (Countersign's policy) and to a
                          <workflow>-baseline copy under a fixed threshold with fixed random sampling (set through
                          the router's policy API as admin); report reviews needed and residual error of each
  --baseline-threshold <p>, --baseline-sample <p>   the baseline's threshold (default 0.8) and sample (default 0.05)
  --target-error-rate <p> in --compare, the seed workflows' feedback target (error rate of released decisions);
                          their recommendations are auto-applied as they come (default 0.05)
Platform addresses: KAFKA_BROKERS (127.0.0.1:9092), REVIEW_URL (http://localhost:3000), ROUTER_URL
(http://localhost:3001), FEEDBACK_URL (http://localhost:3002), AUDIT_URL (http://localhost:3003).`;

export class UsageError extends Error {}

export interface DemoOptions extends SimulationOptions {
  routerUrl: string;
  feedbackUrl: string;
  auditUrl: string;
  json?: string;
  help: boolean;
  compare?: BaselineSettings & { targetErrorRate: number };
}

/** A numeric command-line value, or a UsageError that names the option and its range. */
export function number(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

export function demoOptions(argv: string[], env: NodeJS.ProcessEnv): DemoOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        decisions: { type: 'string', default: '600' },
        rate: { type: 'string', default: '20' },
        calibration: { type: 'string', default: 'over-confident' },
        versions: { type: 'string', default: '3' },
        reviewers: { type: 'string', default: '5' },
        'reviewer-accuracy': { type: 'string', default: '0.95' },
        'seconds-per-task': { type: 'string', default: '0.5' },
        'rubber-stamp': { type: 'string', default: '0.05' },
        reconsider: { type: 'string', default: '0.5' },
        'human-share': { type: 'string', default: '0.05' },
        settle: { type: 'string', default: '60' },
        seed: { type: 'string', default: 'countersign-demo' },
        json: { type: 'string' },
        compare: { type: 'boolean', default: false },
        'baseline-threshold': { type: 'string', default: '0.8' },
        'baseline-sample': { type: 'string', default: '0.05' },
        'target-error-rate': { type: 'string', default: '0.05' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!(CALIBRATIONS as readonly string[]).includes(values.calibration)) {
    throw new UsageError(`--calibration must be one of ${CALIBRATIONS.join(', ')}`);
  }
  const options: DemoOptions = {
    brokers: env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    reviewUrl: env.REVIEW_URL ?? 'http://localhost:3000',
    routerUrl: env.ROUTER_URL ?? 'http://localhost:3001',
    feedbackUrl: env.FEEDBACK_URL ?? 'http://localhost:3002',
    auditUrl: env.AUDIT_URL ?? 'http://localhost:3003',
    decisions: number('decisions', values.decisions, 1, 10_000_000),
    rate: number('rate', values.rate, 0.1, 100_000),
    seed: values.seed,
    calibration: values.calibration as Calibration,
    versions: number('versions', values.versions, 1, 20),
    team: {
      size: number('reviewers', values.reviewers, 1, 200),
      accuracy: number('reviewer-accuracy', values['reviewer-accuracy'], 0, 1),
      secondsPerTask: number('seconds-per-task', values['seconds-per-task'], 0, 3600),
      rubberStampShare: number('rubber-stamp', values['rubber-stamp'], 0, 1),
      reconsiderShare: number('reconsider', values.reconsider, 0, 1),
    },
    humanShare: number('human-share', values['human-share'], 0, 1),
    settleSeconds: number('settle', values.settle, 0, 86_400),
    truthDir: '.cache/simulator',
    json: values.json,
    help: values.help,
    compare: values.compare
      ? {
          threshold: number('baseline-threshold', values['baseline-threshold'], 0, 1),
          sampleRate: number('baseline-sample', values['baseline-sample'], 0, 1),
          targetErrorRate: number('target-error-rate', values['target-error-rate'], 0.0001, 0.5),
        }
      : undefined,
  };
  // The two arms must see the same reviews: none of either is left to a human.
  if (options.compare) options.humanShare = 0;
  return options;
}
