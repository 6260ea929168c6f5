import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GroundTruth } from './domain/simulated-decision';

/**
 * The hidden ground truth of every decision the simulator sent, by decision id: kept in memory for the reviewers and
 * the report, and appended to a JSON-lines file so another process (or a later look) can judge the same run.
 */
export class TruthLedger {
  private readonly truths = new Map<string, GroundTruth>();

  constructor(private readonly file?: string) {
    if (file) mkdirSync(dirname(file), { recursive: true });
  }

  static load(file: string): TruthLedger {
    const ledger = new TruthLedger();
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
        const truth = JSON.parse(line) as GroundTruth;
        ledger.truths.set(truth.decisionId, truth);
      }
    }
    return ledger;
  }

  add(truths: GroundTruth[]): void {
    for (const truth of truths) this.truths.set(truth.decisionId, truth);
    if (this.file && truths.length > 0) {
      appendFileSync(this.file, truths.map((truth) => `${JSON.stringify(truth)}\n`).join(''));
    }
  }

  get(decisionId: string): GroundTruth | undefined {
    return this.truths.get(decisionId);
  }

  get all(): ReadonlyMap<string, GroundTruth> {
    return this.truths;
  }
}
