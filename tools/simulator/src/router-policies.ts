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
}
