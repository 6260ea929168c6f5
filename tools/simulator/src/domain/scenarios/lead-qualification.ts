import { JsonObject, ScalarRecord } from '@countersign/contracts';
import { round3 } from '../model-behaviour';
import { Scenario } from '../scenario';
import { SeededRandom } from '@countersign/statistics';

const RANK_FLOORS = [
  { rank: 'A', floor: 0.8 },
  { rank: 'B', floor: 0.6 },
  { rank: 'C', floor: 0.4 },
  { rank: 'D', floor: 0 },
] as const;
const BOUNDARIES = [0.4, 0.6, 0.8];
/** Within this distance of a rank boundary a lead is borderline: one point of fit decides its rank. */
export const BORDERLINE_DISTANCE = 0.04;

export function rankOf(fitScore: number): string {
  return RANK_FLOORS.find(({ floor }) => fitScore >= floor)?.rank ?? 'D';
}

export function isBorderline(fitScore: number): boolean {
  return BOUNDARIES.some((boundary) => Math.abs(fitScore - boundary) < BORDERLINE_DISTANCE);
}

function segmentOf(employees: number): string {
  if (employees >= 1000) return 'enterprise';
  return employees >= 100 ? 'mid-market' : 'smb';
}

/** Fit score and rank of sales leads; borderline leads (near a rank boundary) are where the model errs. */
export const leadQualification: Scenario = {
  workflow: 'lead-qualification',
  modelName: 'lead-scorer',
  draw(random: SeededRandom) {
    const fitScore = round3(random.between(0.05, 0.99));
    const employees = Math.round(random.logBetween(5, 5_000));
    const segment = segmentOf(employees);
    const borderline = isBorderline(fitScore);
    return {
      input: { company: `lead-${random.integer(10_000, 99_999)}`, employees, website: 'example.com' },
      truth: { fitScore, rank: rankOf(fitScore), segment },
      evidence: { signals: ['visited pricing page', 'requested a demo'].slice(0, random.integer(1, 2)) },
      facts: { segment, employees, region: random.pick(['EU', 'UK', 'US']), borderline },
      difficulty: borderline ? 0.7 : 0,
    };
  },
  mistake(truth: JsonObject, _facts: ScalarRecord, random: SeededRandom) {
    const fitScore = Number(truth.fitScore);
    // A borderline lead slips across its boundary; any other is misjudged by a wide margin, up or down.
    const nearest = BOUNDARIES.reduce((best, b) => (Math.abs(b - fitScore) < Math.abs(best - fitScore) ? b : best));
    const shifted = isBorderline(fitScore)
      ? nearest + (fitScore >= nearest ? -0.02 : 0.02)
      : fitScore + (random.chance(0.5) ? 0.25 : -0.25);
    let wrongScore = round3(Math.min(0.99, Math.max(0.01, shifted)));
    if (rankOf(wrongScore) === truth.rank) wrongScore = round3(fitScore >= 0.5 ? fitScore - 0.4 : fitScore + 0.4);
    return { ...truth, fitScore: wrongScore, rank: rankOf(wrongScore) };
  },
  signals(_output: JsonObject, facts: ScalarRecord) {
    return { attributes: { ...facts }, flags: facts.borderline ? ['borderline'] : [] };
  },
};
