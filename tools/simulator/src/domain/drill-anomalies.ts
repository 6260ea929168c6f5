/**
 * The drill's checker, in the manner of Jepsen's: from what a read_committed reader (Kafka's Java client) finds on
 * the topics, what kafkajs finds there, and what the services' databases hold, every anomaly of the run, each tied to
 * the decision (or task, or chain) it concerns. Pure: the drill gathers the observations, this judges them.
 */

export const ANOMALY_CLASSES = [
  'lost',
  'duplicated',
  'aborted-read',
  'out-of-order',
  'contradiction',
  'double-claim',
  'chain-gap',
] as const;
export type AnomalyClass = (typeof ANOMALY_CLASSES)[number];

export interface Anomaly {
  class: AnomalyClass;
  /** The decision it concerns (a chain gap: none). */
  decisionId?: string;
  /** When it began, where known (a double claim: the overlapped holder's claim, by the database's clock). */
  at?: number;
  detail: string;
}

/** One committed record about a decision, as the reference reader returned it (offset order within a partition). */
export interface ReadRecord {
  topic: 'routed' | 'final' | 'requested' | 'completed';
  decisionId: string;
  partition: number;
  offset: number;
  /** routed: the route; final: the outcome; requested/completed: the task kind. */
  what: string;
  /** final: the route it says the decision took; completed: the verdict; requested: the task id. */
  detail?: string;
  taskId?: string;
}

export interface TaskHistoryEvent {
  taskId: string;
  decisionId: string;
  event: string;
  actor: string;
  /** The database's clock (never skewed by the drill). */
  at: number;
}

export interface AnomalyObservations {
  sentIds: readonly string[];
  records: readonly ReadRecord[];
  /** Records kafkajs (read_committed) returned that the Java client did not: records of aborted transactions. */
  kafkajsOnly: ReadonlyArray<{ decisionId: string; topic: string }>;
  /** Review tasks in the review database: id, decision, kind, state. */
  tasks: ReadonlyArray<{ id: string; decisionId: string; kind: string; state: string }>;
  taskEvents: readonly TaskHistoryEvent[];
  leaseMs: number;
  /** The audit trail's sequence numbers per chain, and each chain head's seq. */
  trail: ReadonlyArray<{ chain: number; seqs: readonly number[]; head: number }>;
  /** The audit service's record of final outcomes of this run: decision id → outcome. */
  auditOutcomes: ReadonlyMap<string, string>;
}

const VERDICT_OUTCOME: Record<string, string> = { approve: 'approved', correct: 'corrected', reject: 'rejected' };
const REVIEWED_OUTCOMES = ['approved', 'corrected', 'rejected', 'expired', 'withdrawn'];
/** Task events that end a reviewer's hold on a task. */
const LEASE_ENDS = ['released', 'recorded', 'completed', 'escalated', 'expired', 'cancelled'];

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function lostAndDuplicated(observed: AnomalyObservations, byTopic: Map<string, ReadRecord[]>): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const counts = (topic: string) => {
    const counted = new Map<string, number>();
    for (const record of byTopic.get(topic) ?? [])
      counted.set(record.decisionId, (counted.get(record.decisionId) ?? 0) + 1);
    return counted;
  };
  const routed = counts('routed');
  const finals = counts('final');
  for (const id of observed.sentIds) {
    if (!routed.has(id)) anomalies.push({ class: 'lost', decisionId: id, detail: 'no routed event' });
    if (!finals.has(id)) anomalies.push({ class: 'lost', decisionId: id, detail: 'no final outcome' });
  }
  for (const [name, counted] of [
    ['routed event', routed],
    ['final outcome', finals],
  ] as const) {
    for (const [id, n] of counted) {
      if (n > 1) anomalies.push({ class: 'duplicated', decisionId: id, detail: `${n} copies of its ${name}` });
    }
  }
  const reviewTasks = groupBy(
    observed.tasks.filter((task) => task.kind === 'review'),
    (task) => task.decisionId,
  );
  for (const record of byTopic.get('routed') ?? []) {
    if (record.what === 'review' && !reviewTasks.has(record.decisionId)) {
      anomalies.push({ class: 'lost', decisionId: record.decisionId, detail: 'routed to review, no review task' });
    }
  }
  const verdicts = groupBy(byTopic.get('completed') ?? [], (record) => record.taskId ?? '');
  for (const task of observed.tasks) {
    const n = verdicts.get(task.id)?.length ?? 0;
    if (task.state === 'completed' && n === 0) {
      anomalies.push({ class: 'lost', decisionId: task.decisionId, detail: `task ${task.id} completed, no verdict` });
    }
    if (n > 1)
      anomalies.push({ class: 'duplicated', decisionId: task.decisionId, detail: `${n} verdicts of ${task.id}` });
  }
  return anomalies;
}

/**
 * Order per decision, clock-free: records about one decision share a key, hence a partition, so their offsets order
 * them. A post-release audit is requested and judged only after the decision's review.
 */
function outOfOrder(byDecision: Map<string, ReadRecord[]>, finals: Set<string>): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (const [id, records] of byDecision) {
    for (const topic of ['requested', 'completed'] as const) {
      const kinds = records
        .filter((record) => record.topic === topic)
        .sort((a, b) => a.offset - b.offset)
        .map((record) => record.what);
      const audit = kinds.indexOf('audit');
      if (audit >= 0 && kinds.indexOf('review') > audit) {
        anomalies.push({ class: 'out-of-order', decisionId: id, detail: `${topic}: audit before review` });
      }
    }
    const auditRequested = records.some((record) => record.topic === 'requested' && record.what === 'audit');
    if (auditRequested && !finals.has(id)) {
      anomalies.push({ class: 'out-of-order', decisionId: id, detail: 'post-release audit requested, never released' });
    }
  }
  return anomalies;
}

/** A final outcome that disagrees with how the decision was routed, or with its committed review verdict. */
function contradictions(byDecision: Map<string, ReadRecord[]>, observed: AnomalyObservations): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (const [id, records] of byDecision) {
    const routed = records.find((record) => record.topic === 'routed');
    const verdict = records.find((record) => record.topic === 'completed' && record.what === 'review');
    for (const final of records.filter((record) => record.topic === 'final')) {
      const problems: string[] = [];
      if (routed && final.detail && final.detail !== routed.what) {
        problems.push(`final says route ${final.detail}, routed ${routed.what}`);
      }
      if (routed?.what === 'autonomous' && final.what !== 'autonomous')
        problems.push(`autonomous, final ${final.what}`);
      if (routed?.what === 'review' && !REVIEWED_OUTCOMES.includes(final.what)) {
        problems.push(`routed to review, final ${final.what}`);
      }
      if (verdict?.detail && final.what !== VERDICT_OUTCOME[verdict.detail]) {
        problems.push(`verdict ${verdict.detail}, final ${final.what}`);
      }
      const audited = observed.auditOutcomes.get(id);
      if (audited !== undefined && audited !== final.what)
        problems.push(`audit records ${audited}, final ${final.what}`);
      for (const problem of problems) anomalies.push({ class: 'contradiction', decisionId: id, detail: problem });
    }
  }
  return anomalies;
}

/**
 * A task held by two reviewers at once: a claim by one while another's claim stands — not released, judged, expired
 * or escalated, and its lease not run out by the database's clock — or a judgment recorded by someone not holding it.
 * A lead's reassignment names the lead, not the new holder, in the history: after one, the holder is unknown.
 */
function doubleClaims(observed: AnomalyObservations): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const found = (event: TaskHistoryEvent, what: string, holder: { actor?: string; since: number }) =>
    anomalies.push({
      class: 'double-claim',
      decisionId: event.decisionId,
      at: holder.since,
      detail: `task ${event.taskId} ${what} by ${event.actor} while ${holder.actor} held it`,
    });
  for (const events of groupBy(observed.taskEvents, (event) => event.taskId).values()) {
    let holder: { actor?: string; since: number; until: number } | undefined;
    for (const event of events) {
      if (event.event === 'claimed') {
        if (holder?.actor && event.at < holder.until && holder.actor !== event.actor) found(event, 'claimed', holder);
        holder = { actor: event.actor, since: event.at, until: event.at + observed.leaseMs };
      } else if (event.event === 'reassigned') {
        holder = { since: event.at, until: event.at + observed.leaseMs };
      } else if (LEASE_ENDS.includes(event.event)) {
        const judgment = event.event === 'recorded' || event.event === 'completed';
        if (judgment && holder?.actor && holder.actor !== event.actor) found(event, 'judged', holder);
        holder = undefined;
      }
    }
  }
  return anomalies;
}

/** The audit trail: every chain numbered 1..head without a hole, and every committed final outcome recorded. */
function chainGaps(observed: AnomalyObservations, finalIds: Set<string>): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (const { chain, seqs, head } of observed.trail) {
    const present = new Set(seqs);
    const missing = [];
    for (let seq = 1; seq <= head; seq++) if (!present.has(seq)) missing.push(seq);
    if (missing.length > 0) {
      anomalies.push({ class: 'chain-gap', detail: `chain ${chain} lacks seq ${missing.slice(0, 5).join(', ')}` });
    }
    if (seqs.length > 0 && Math.max(...seqs) !== head) {
      anomalies.push({ class: 'chain-gap', detail: `chain ${chain}: head ${head}, last record ${Math.max(...seqs)}` });
    }
  }
  for (const id of finalIds) {
    if (!observed.auditOutcomes.has(id)) {
      anomalies.push({ class: 'chain-gap', decisionId: id, detail: 'final outcome missing from the audit record' });
    }
  }
  return anomalies;
}

export function findAnomalies(observed: AnomalyObservations): Anomaly[] {
  const byTopic = groupBy(observed.records, (record) => record.topic);
  const byDecision = groupBy(observed.records, (record) => record.decisionId);
  const finalIds = new Set((byTopic.get('final') ?? []).map((record) => record.decisionId));
  return [
    ...lostAndDuplicated(observed, byTopic),
    ...observed.kafkajsOnly.map((record) => ({
      class: 'aborted-read' as const,
      decisionId: record.decisionId,
      detail: `kafkajs read_committed returned an aborted ${record.topic} record`,
    })),
    ...outOfOrder(byDecision, finalIds),
    ...contradictions(byDecision, observed),
    ...doubleClaims(observed),
    ...chainGaps(observed, finalIds),
  ];
}
