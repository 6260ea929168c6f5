import { BatchResult, RecordOutcome } from './record-outcome';
import {
  classifyHandlerFailure,
  deadLetterReasonFor,
  describeHandlerFailure,
  HandlerFailureKind,
} from './handler-failure';
import { InboundRecord } from './records';

export interface IsolationPolicy {
  /** Tries of one set of records that fails with an `unknown` error before it is split (or, alone, dead-lettered). */
  maxAttempts: number;
  /** Backoff before try `attempt + 1` (attempt counts from 1). */
  backoffMs(attempt: number, kind: HandlerFailureKind): number;
  /**
   * Whether results of sets that succeeded while their neighbours were being bisected are kept (`true`: the handler's
   * effects stand, at-least-once mode) or undone and the survivors run once more as one set (`false`: transactional
   * mode, where each result may hold an open database transaction until the Kafka commit).
   */
  keepPartialResults: boolean;
  /** Waits between tries; must keep the consumer's group membership alive (heartbeat) and throw if it is lost. */
  pause(ms: number): Promise<void>;
  onRetry(event: { kind: HandlerFailureKind; attempt: number; records: number; error: unknown }): void;
}

type Attempt = { ok: true; result: BatchResult } | { ok: false; kind: HandlerFailureKind; error: unknown };
type Segment = { indices: number[]; result?: BatchResult; deadLetter?: RecordOutcome };

/**
 * Runs a batch handler so that no record can stall its partition. A set of records whose handler throws is retried:
 * without limit while a dependency is unavailable (with backoff, the batch waits, nothing is dead-lettered), a few
 * times otherwise. Then the set is split in halves, recursively, until the records that fail alone are found; those
 * become dead letters (`store_rejected` or `handler_failed`) and the rest are processed normally. One bad record in
 * a batch of n costs about 2·log2(n) extra handler calls.
 */
export async function isolatePoison(
  records: InboundRecord[],
  invoke: (records: InboundRecord[]) => Promise<BatchResult>,
  policy: IsolationPolicy,
): Promise<BatchResult> {
  const attempt = async (indices: number[]): Promise<Attempt> => {
    for (let n = 1; ; n++) {
      try {
        return { ok: true, result: await invoke(indices.map((index) => records[index])) };
      } catch (error) {
        const kind = classifyHandlerFailure(error);
        // A data error in a set of several: split at once. Alone: once more, so a record is only ever dead-lettered
        // for an error that repeats on it.
        const limit = kind === 'data' ? (indices.length > 1 ? 1 : 2) : policy.maxAttempts;
        if (kind !== 'unavailable' && n >= limit) return { ok: false, kind, error };
        policy.onRetry({ kind, attempt: n, records: indices.length, error });
        await policy.pause(policy.backoffMs(n, kind));
      }
    }
  };

  const isolate = async (indices: number[]): Promise<Segment[]> => {
    const tried = await attempt(indices);
    if (tried.ok) {
      if (policy.keepPartialResults) return [{ indices, result: tried.result }];
      await tried.result.afterAbort?.();
      return [{ indices }];
    }
    if (indices.length === 1) {
      const reason = deadLetterReasonFor(tried.kind);
      return [{ indices, deadLetter: RecordOutcome.deadLetter(reason, [describeHandlerFailure(tried.error)]) }];
    }
    const middle = Math.ceil(indices.length / 2);
    return [...(await isolate(indices.slice(0, middle))), ...(await isolate(indices.slice(middle)))];
  };

  const all = records.map((_, index) => index);
  const first = await attempt(all);
  if (first.ok) return first.result;

  const segments = [
    ...(await isolate(all.slice(0, Math.ceil(all.length / 2)))),
    ...(await isolate(all.slice(Math.ceil(all.length / 2)))),
  ];
  const outcomes: RecordOutcome[] = new Array(records.length);
  const results: BatchResult[] = [];
  for (const segment of segments) {
    if (segment.deadLetter) outcomes[segment.indices[0]] = segment.deadLetter;
    const result = segment.result;
    if (result) {
      results.push(result);
      segment.indices.forEach((index, position) => (outcomes[index] = result.outcomes[position]));
    }
  }
  if (!policy.keepPartialResults) {
    const survivors = segments.filter((segment) => !segment.deadLetter).flatMap((segment) => segment.indices);
    if (survivors.length) {
      const final = await attempt(survivors);
      // The survivors each succeeded a moment ago; failing together now is not theirs to pay for: retry the batch.
      if (!final.ok) throw final.error;
      survivors.forEach((index, position) => (outcomes[index] = final.result.outcomes[position]));
      results.push(final.result);
    }
  }
  return {
    outcomes,
    afterCommit: async () => {
      for (const result of results) await result.afterCommit?.();
    },
    afterAbort: async () => {
      for (const result of results) await result.afterAbort?.();
    },
  };
}
