import { RoutingFacts } from '@countersign/contracts';
import { ReviewTask } from '../domain/review-task';
import { DEFAULT_SAFE_DEFAULT, expiresAt } from '../domain/sla';

type Stored = Record<string, unknown>;

const date = (value: unknown): Date => new Date(value as string);
const judgments = (list: unknown): unknown =>
  Array.isArray(list) ? list.map((judgment: Stored) => ({ ...judgment, givenAt: date(judgment.givenAt) })) : list;

/**
 * A task read back from its JSON document: the domain works with Date objects, JSON keeps ISO strings. Every date
 * field of ReviewTask is listed here; a new one must be too (the store's round-trip test fails otherwise).
 */
export function reviveTask(doc: Stored): ReviewTask {
  const lease = doc.lease as Stored | undefined;
  const escalation = doc.escalation as Stored | undefined;
  const outcome = doc.outcome as Stored | undefined;
  const cancellation = doc.cancellation as Stored | undefined;
  const expiry = doc.expiry as Stored | undefined;
  const dueAt = date(doc.dueAt);
  return {
    ...doc,
    judgments: judgments(doc.judgments),
    dueAt,
    // Tasks stored before expiry existed: the review service's defaults, as openTask would have set them.
    expiresAt: doc.expiresAt === undefined ? expiresAt(dueAt, {} as RoutingFacts) : date(doc.expiresAt),
    safeDefault: doc.safeDefault ?? DEFAULT_SAFE_DEFAULT,
    requestedAt: date(doc.requestedAt),
    createdAt: date(doc.createdAt),
    ...(lease && { lease: { ...lease, claimedAt: date(lease.claimedAt), expiresAt: date(lease.expiresAt) } }),
    ...(escalation && {
      escalation: { ...escalation, at: date(escalation.at), judgments: judgments(escalation.judgments) },
    }),
    ...(outcome && { outcome: { ...outcome, completedAt: date(outcome.completedAt) } }),
    ...(cancellation && { cancellation: { ...cancellation, at: date(cancellation.at) } }),
    ...(expiry && { expiry: { ...expiry, at: date(expiry.at) } }),
    ...(Array.isArray(doc.comments) && {
      comments: doc.comments.map((comment: Stored) => ({ ...comment, at: date(comment.at) })),
    }),
  } as ReviewTask;
}

/**
 * The task's document as JSON without the two parts that never change after it is opened — the decision under review
 * (the evidence, most of the document's bytes) and its routing — which the store keeps in columns of their own and
 * merges back in SQL on every transition.
 */
export function documentWithoutEvidence(task: ReviewTask): string {
  return JSON.stringify({ ...task, decision: undefined, routing: undefined });
}

export { judgedBy } from '../domain/judged-by';
