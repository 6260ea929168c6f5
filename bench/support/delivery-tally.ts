/**
 * How often each expected key was seen on an output topic that must carry every input exactly once (the router's
 * `routed`, keyed by decision id): `lost` were never seen, `duplicates` counts sightings after a key's first.
 */
export class DeliveryTally {
  private readonly sightings = new Map<string, number>();
  /** Expected keys seen at least once. */
  delivered = 0;
  duplicates = 0;
  /** Keys seen that were not expected (another run's records, say): never counted as delivered. */
  unexpected = 0;

  constructor(expectedKeys: Iterable<string>) {
    for (const key of expectedKeys) this.sightings.set(key, 0);
  }

  get expected(): number {
    return this.sightings.size;
  }

  get lost(): number {
    return this.expected - this.delivered;
  }

  record(key: string): void {
    const seen = this.sightings.get(key);
    if (seen === undefined) {
      this.unexpected += 1;
      return;
    }
    if (seen === 0) this.delivered += 1;
    else this.duplicates += 1;
    this.sightings.set(key, seen + 1);
  }
}
