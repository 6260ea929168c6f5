import { JsonObject, ScalarRecord } from '@countersign/contracts';
import { Scenario } from '../scenario';
import { SeededRandom } from '@countersign/statistics';

const COUNTERPARTIES = ['Acme GmbH', 'Globex Ltd', 'Initech SAS', 'Umbrella BV', 'Stark Industries AB', 'Hooli Inc'];
const LAWS = ['Germany', 'England and Wales', 'France', 'Netherlands', 'Sweden', 'New York'];
const TERMS = [12, 24, 36, 60] as const;

/** A liability cap below half or above ten times the contract value is unusual: producers flag it. */
export function isUnusualCap(liabilityCap: number, amount: number): boolean {
  return liabilityCap < 0.5 * amount || liabilityCap > 10 * amount;
}

function revisionsFor(liabilityCap: number, amount: number, termMonths: number): string[] {
  const revisions: string[] = [];
  if (liabilityCap < 0.5 * amount) revisions.push('raise the liability cap to at least the contract value');
  if (liabilityCap > 10 * amount) revisions.push('cap liability at twice the contract value');
  if (termMonths >= 60) revisions.push('add termination for convenience after 24 months');
  return revisions;
}

/** Key terms extracted from a contract: high value, anomalies such as unusual liability caps, suggested revisions. */
export const contractReview: Scenario = {
  workflow: 'contract-review',
  modelName: 'contract-extractor',
  draw(random: SeededRandom) {
    const amount = Math.round(random.logBetween(2_000, 2_000_000));
    const unusual = random.chance(0.12);
    const factor = unusual ? random.pick([0.1, 0.25, 20, 50]) : random.pick([1, 1.5, 2]);
    const liabilityCap = Math.round(amount * factor);
    const termMonths = random.pick(TERMS);
    const truth = {
      counterparty: random.pick(COUNTERPARTIES),
      liabilityCap,
      termMonths,
      governingLaw: random.pick(LAWS),
      suggestedRevisions: revisionsFor(liabilityCap, amount, termMonths),
    };
    return {
      input: { document: `contract-${random.integer(1000, 9999)}.pdf`, pages: random.integer(4, 80) },
      truth,
      evidence: {
        text: `Liability of either party shall not exceed ${liabilityCap} EUR. Term: ${termMonths} months.`,
        spans: [],
      },
      facts: { amount, region: random.pick(['EU', 'UK', 'US']) },
      difficulty: unusual ? 0.6 : 0.1,
    };
  },
  mistake(truth: JsonObject, facts: ScalarRecord, random: SeededRandom) {
    const amount = Number(facts.amount);
    const kind = random.pick(['cap-misread', 'law', 'term'] as const);
    const wrong = { ...truth };
    if (kind === 'cap-misread') wrong.liabilityCap = Number(truth.liabilityCap) * random.pick([10, 0.1]);
    if (kind === 'law') wrong.governingLaw = LAWS.find((law) => law !== truth.governingLaw) ?? 'Unknown';
    if (kind === 'term') wrong.termMonths = TERMS.find((term) => term !== truth.termMonths) ?? 1;
    wrong.suggestedRevisions = revisionsFor(Number(wrong.liabilityCap), amount, Number(wrong.termMonths));
    return wrong;
  },
  signals(output: JsonObject, facts: ScalarRecord) {
    const unusual = isUnusualCap(Number(output.liabilityCap), Number(facts.amount));
    return { attributes: { ...facts }, flags: unusual ? ['anomaly:liability-cap'] : [] };
  },
};
