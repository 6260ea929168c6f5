import { JsonObject, ScalarRecord } from '@countersign/contracts';
import { Scenario } from '../scenario';
import { SeededRandom } from '@countersign/statistics';

const CHECKS = ['registry', 'taxId', 'bankAccount', 'insurance'] as const;
const RISK_RATINGS = ['low', 'medium', 'high'] as const;

/** The compliance decision that follows from the verification results and the risk. */
export function complianceDecision(documentsVerified: boolean, sanctionsHit: boolean, riskRating: string): string {
  if (sanctionsHit) return 'reject';
  if (!documentsVerified || riskRating === 'high') return 'escalate';
  return 'approve';
}

function outputOf(checks: Record<string, string>, sanctionsHit: boolean, riskRating: string): JsonObject {
  const documentsVerified = Object.values(checks).every((result) => result === 'verified');
  return {
    documentsVerified,
    checks,
    sanctionsHit,
    riskRating,
    decision: complianceDecision(documentsVerified, sanctionsHit, riskRating),
  };
}

/** Document verification results and a compliance decision; regulatory risk decides how closely it is watched. */
export const supplierOnboarding: Scenario = {
  workflow: 'supplier-onboarding',
  modelName: 'supplier-screener',
  draw(random: SeededRandom) {
    const checks = Object.fromEntries(
      CHECKS.map((check) => [check, random.chance(0.97) ? 'verified' : 'mismatch'] as const),
    );
    const riskRoll = random.next();
    const riskRating = riskRoll < 0.6 ? 'low' : riskRoll < 0.9 ? 'medium' : 'high';
    const sanctionsHit = random.chance(0.03);
    return {
      input: { supplier: `supplier-${random.integer(1000, 9999)}`, documents: CHECKS.length },
      truth: outputOf(checks, sanctionsHit, riskRating),
      evidence: { registryExtract: 'commercial register entry', sanctionsLists: ['EU', 'OFAC'] },
      facts: { country: random.pick(['DE', 'FR', 'PL', 'CN', 'US', 'TR']), annualSpend: random.integer(5, 500) * 1000 },
      difficulty: riskRating === 'low' ? 0 : riskRating === 'medium' ? 0.3 : 0.5,
    };
  },
  mistake(truth: JsonObject, _facts: ScalarRecord, random: SeededRandom) {
    const checks = { ...(truth.checks as Record<string, string>) };
    let sanctionsHit = Boolean(truth.sanctionsHit);
    let riskRating = String(truth.riskRating);
    const kind = random.pick(['check', 'risk', 'sanctions'] as const);
    if (kind === 'check') {
      const check = random.pick(CHECKS);
      checks[check] = checks[check] === 'verified' ? 'mismatch' : 'verified';
    }
    if (kind === 'risk') riskRating = RISK_RATINGS.find((rating) => rating !== riskRating) ?? 'low';
    if (kind === 'sanctions') sanctionsHit = !sanctionsHit;
    return outputOf(checks, sanctionsHit, riskRating);
  },
  signals(output: JsonObject, facts: ScalarRecord) {
    const sanctionsHit = output.sanctionsHit === true;
    return {
      attributes: { ...facts, sanctionsHit, riskRating: String(output.riskRating) },
      flags: sanctionsHit ? ['sanctions:list-match'] : [],
    };
  },
};
