import { Kafka } from 'kafkajs';
import { KafkaBatchTransport } from './kafka-batch-transport';

/**
 * A batch of a partition that a rebalance moved away can still be in flight when GROUP_JOIN closes that partition's
 * producer. It must not then create a fresh producer under the same transactional id: initialising it would fence the
 * new owner's producer and let the old owner commit outputs and offsets of a partition it no longer owns.
 */
describe('KafkaBatchTransport and a partition revoked while its batch is in flight', () => {
  function transport() {
    const created: string[] = [];
    const kafka = {
      producer: ({ transactionalId }: { transactionalId: string }) => {
        created.push(transactionalId);
        return { connect: async () => undefined, disconnect: async () => undefined };
      },
    } as unknown as Kafka;
    const subject = new KafkaBatchTransport({
      kafka,
      groupId: 'g',
      serviceName: 's',
      mode: 'transactional',
      transactionalIdPrefix: 'router',
    });
    // The transport's own bookkeeping, driven as kafkajs drives it (GROUP_JOIN) without a broker.
    const inner = subject as unknown as {
      producerFor(topic: string, partition: number): Promise<unknown>;
      closeProducersOfRevoked(assignment: Record<string, number[]>): void;
    };
    return { inner, created };
  }

  it('refuses to create a producer for a partition the latest assignment does not include', async () => {
    const { inner, created } = transport();
    inner.closeProducersOfRevoked({ decisions: [0, 1] });
    await inner.producerFor('decisions', 1);
    inner.closeProducersOfRevoked({ decisions: [0] });
    await expect(inner.producerFor('decisions', 1)).rejects.toThrow(/no longer assigned/);
    expect(created).toEqual(['router-decisions-1']);
    await inner.producerFor('decisions', 0);
    expect(created).toEqual(['router-decisions-1', 'router-decisions-0']);
  });

  it('creates it again once the partition is assigned back', async () => {
    const { inner, created } = transport();
    inner.closeProducersOfRevoked({ decisions: [0] });
    inner.closeProducersOfRevoked({ decisions: [0, 1] });
    await inner.producerFor('decisions', 1);
    expect(created).toEqual(['router-decisions-1']);
  });
});
