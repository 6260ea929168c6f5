import { callApi } from './http';
import { UiConfig } from './ui-config';

/** One learned rule as feedback records it with an update, as far as the dashboard reads it. */
export interface RecordedRiskRule {
  modelVersion: string;
  mode: 'confidence' | 'expected-loss';
  cut: number;
  trustLevel: number;
  inheritedFrom?: string;
  segmentBy?: string;
  segment?: string;
}

/** What risk control did with one rule change it learned (feedback's GET /api/v1/risk-rule-updates). */
export interface RiskRuleUpdate {
  workflow: string;
  direction: 'tighter' | 'looser';
  outcome: 'applied' | 'proposed' | 'advice';
  rules: RecordedRiskRule[];
  policyVersion?: number;
  proposalId?: string;
  note: string;
  recordedAt: string;
}

/**
 * The newest rule changes of the workflows the token grants; undefined when feedback does not answer (not deployed,
 * refused), so the dashboard says so instead of showing an empty history.
 */
export async function riskRuleUpdates(
  config: UiConfig,
  token: string,
  limit = 20,
): Promise<RiskRuleUpdate[] | undefined> {
  try {
    const updates = await callApi<RiskRuleUpdate[]>(
      `${config.feedbackUrl}/api/v1/risk-rule-updates?limit=${limit}`,
      token,
    );
    return Array.isArray(updates) ? updates : undefined;
  } catch {
    return undefined;
  }
}
