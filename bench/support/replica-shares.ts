import { AssignerProtocol, GroupDescription } from 'kafkajs';

/** What one router replica did in a run, from its own /metrics. */
export interface ReplicaShare {
  instance: string;
  /** Decisions this replica routed (its counter; a batch whose transaction was retried counts again). */
  routed: number;
  /** Decision ids its ledger recognised as already routed and did not route again (a redelivery caught). */
  ledgerDuplicates: number;
  /** Times it joined the group (each after a rebalance). */
  joins: number;
}

/** How a system's replicas shared a run's work. */
export interface WorkSplit {
  replicas: ReplicaShare[];
  /**
   * The input partitions of each group member once the run was done, from the group coordinator (members are not
   * named by replica: they share one client id).
   */
  partitionsAtEnd: number[][];
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function samples(text: string): Sample[] {
  const parsed: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{([^}]*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    parsed.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return parsed;
}

/** A replica's share of the work, from its Prometheus text (the series the router and KafkaBatchTransport keep). */
export function replicaShare(instance: string, group: string, metricsText: string): ReplicaShare {
  const all = samples(metricsText);
  const sum = (name: string, ofGroup = false) =>
    all
      .filter((sample) => sample.name === name && (!ofGroup || sample.labels.group === group))
      .reduce((total, sample) => total + sample.value, 0);
  return {
    instance,
    routed: sum('countersign_router_decisions_routed_total'),
    ledgerDuplicates: sum('countersign_router_duplicates_total'),
    joins: sum('countersign_kafka_consumer_rebalances_total', true),
  };
}

/** Each member's partitions of `topic`, sorted, members in order of their first partition. */
export function partitionsByMember(group: GroupDescription, topic: string): number[][] {
  return group.members
    .map((member) => {
      if (member.memberAssignment.length === 0) return [];
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      return [...(decoded?.assignment[topic] ?? [])].sort((a, b) => a - b);
    })
    .sort((a, b) => (a[0] ?? Infinity) - (b[0] ?? Infinity));
}

export function formatWorkSplit(split: WorkSplit): string {
  const replicas = split.replicas.map(
    (share) =>
      `${share.instance} ${share.routed} routed, ${share.joins} join(s)` +
      (share.ledgerDuplicates ? `, ${share.ledgerDuplicates} redeliveries caught by its ledger` : ''),
  );
  const partitions = split.partitionsAtEnd.map((member) => `[${member.join(',')}]`).join(' ');
  return `${replicas.join('; ')}; partitions at the end ${partitions}`;
}
