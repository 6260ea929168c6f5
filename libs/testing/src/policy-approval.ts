import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';

/**
 * Stores a policy version through the router's API as two admins of every workflow would: the first PUTs it, and when
 * the router's two-person rule holds it as a proposal (it lowers oversight, e.g. a workflow's first policy), the
 * second approves it. For tests whose subject is not the two-person rule itself. Returns the stored version.
 */
export async function storePolicyAsTwoAdmins(
  routerBaseUrl: string,
  workflow: string,
  policy: object,
  reason: string,
  hs256Secret: string = DEVELOPMENT_HS256_SECRET,
): Promise<number> {
  const [proposer, approver] = await Promise.all(
    ['test-admin-proposer', 'test-admin-approver'].map((sub) =>
      mintDevelopmentToken({ sub, roles: ['admin'], workflows: ['*'] }, hs256Secret),
    ),
  );
  const base = `${routerBaseUrl}/api/v1/policies/${encodeURIComponent(workflow)}`;
  const put = await fetch(base, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${proposer}` },
    body: JSON.stringify({ policy, reason }),
  });
  const body = (await put.json()) as { version?: number; id?: string };
  if (put.status === 200) return Number(body.version);
  if (put.status !== 202) throw new Error(`PUT policy ${workflow} answered ${put.status}: ${JSON.stringify(body)}`);
  const approve = await fetch(`${base}/proposals/${body.id}/approve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${approver}` },
  });
  const approved = (await approve.json()) as { appliedVersion?: number };
  if (approve.status !== 200) {
    throw new Error(`approving the proposal for ${workflow} answered ${approve.status}: ${JSON.stringify(approved)}`);
  }
  return Number(approved.appliedVersion);
}

/**
 * Sets a workflow's audit plan through the audit service's API as two admins would: the first PUTs it, and when the
 * two-person rule holds it as a proposal (it lowers post-release oversight, e.g. rates or the minimum below the
 * default), the second approves it. For tests whose subject is not the two-person rule itself. Returns the status
 * of the PUT: 200 (applied at once) or 202 (proposed, then approved).
 */
export async function storeAuditPlanAsTwoAdmins(
  auditBaseUrl: string,
  workflow: string,
  plan: object,
  hs256Secret: string = DEVELOPMENT_HS256_SECRET,
): Promise<200 | 202> {
  const [proposer, approver] = await Promise.all(
    ['test-admin-proposer', 'test-admin-approver'].map((sub) =>
      mintDevelopmentToken({ sub, roles: ['admin'], workflows: ['*'] }, hs256Secret),
    ),
  );
  const base = `${auditBaseUrl}/api/v1/audit-plans/${encodeURIComponent(workflow)}`;
  const put = await fetch(base, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${proposer}` },
    body: JSON.stringify(plan),
  });
  const body = (await put.json()) as { id?: string };
  if (put.status === 200) return 200;
  if (put.status !== 202) throw new Error(`PUT audit plan ${workflow} answered ${put.status}: ${JSON.stringify(body)}`);
  const approve = await fetch(`${base}/proposals/${body.id}/approve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${approver}` },
  });
  if (approve.status !== 200) {
    const answer = await approve.text();
    throw new Error(`approving the audit plan for ${workflow} answered ${approve.status}: ${answer}`);
  }
  return 202;
}

/**
 * Sets a workflow's feedback target as two admins would: the first PUTs it, and when the two-person rule holds it as a
 * proposal (it accepts more released error than the target in force), the second approves it. The target is then set
 * for the first admin, who may not approve what feedback files on its strength. For tests whose subject is not the
 * two-person rule itself. Returns the status of the PUT: 204 (applied at once) or 202 (proposed, then approved).
 */
export async function setTargetAsTwoAdmins(
  feedbackBaseUrl: string,
  workflow: string,
  target: { maxErrorRate: number; autoApply: boolean },
  hs256Secret: string = DEVELOPMENT_HS256_SECRET,
): Promise<204 | 202> {
  const [proposer, approver] = await Promise.all(
    ['test-admin-proposer', 'test-admin-approver'].map((sub) =>
      mintDevelopmentToken({ sub, roles: ['admin'], workflows: ['*'] }, hs256Secret),
    ),
  );
  const base = `${feedbackBaseUrl}/api/v1/targets/${encodeURIComponent(workflow)}`;
  const put = await fetch(base, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${proposer}` },
    body: JSON.stringify(target),
  });
  if (put.status === 204) return 204;
  const body = (await put.json()) as { id?: string };
  if (put.status !== 202) throw new Error(`PUT target ${workflow} answered ${put.status}: ${JSON.stringify(body)}`);
  const approve = await fetch(`${base}/proposals/${body.id}/approve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${approver}` },
  });
  if (approve.status !== 200) {
    throw new Error(`approving the target for ${workflow} answered ${approve.status}: ${await approve.text()}`);
  }
  return 202;
}
