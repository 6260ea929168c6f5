import { putPolicy } from '../router-policies';
import { simulatorToken } from '../simulator-token';
import { AbandonedWorkflow } from '../domain/expiry-findings';

/**
 * Gives the abandoned workflow a short SLA and expiry window (its policy as stored, with those two changed), so that
 * its reviews, which nobody will do, end by expiry while the drill watches.
 */
export async function abandonWorkflow(routerUrl: string, abandoned: AbandonedWorkflow): Promise<void> {
  const token = await simulatorToken(['admin']);
  if (!token) throw new Error('the drill needs AUTH_MODE=hs256 to change a policy');
  const url = `${routerUrl}/api/v1/policies/${encodeURIComponent(abandoned.workflow)}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET policy ${abandoned.workflow} answered ${response.status}`);
  const { policy } = (await response.json()) as { policy: Record<string, unknown> };
  await putPolicy(
    routerUrl,
    abandoned.workflow,
    {
      ...policy,
      slaSeconds: abandoned.slaSeconds,
      expiry: { afterSeconds: abandoned.expirySeconds, outcome: abandoned.safeDefault },
    },
    'npm run drill: reviewers stop working this workflow; its reviews must expire',
  );
}
