import { Kafka, KafkaJSRequestTimeoutError, Producer, ProducerConfig } from 'kafkajs';

/**
 * The two ways a transaction's commit can go unanswered, which a test cannot time reliably against a real broker:
 * the commit reached the broker and only its answer was lost, or the request itself was lost.
 */
export type CommitFault = 'answer-lost' | 'request-lost';

/**
 * The real client, whose producers' transaction commits fail as `faults` says: one fault is taken from the front of
 * the array per commit, in order, and a commit with none left is the real one. Each fault ends in the timeout kafkajs
 * raises when the broker does not answer EndTxn in time.
 */
export function withCommitFaults(kafka: Kafka, faults: CommitFault[]): Kafka {
  const producer = (config?: ProducerConfig): Producer => {
    const real = kafka.producer(config);
    const transaction = real.transaction.bind(real);
    real.transaction = async () => {
      const open = await transaction();
      const commit = open.commit.bind(open);
      open.commit = async () => {
        const fault = faults.shift();
        if (fault === 'answer-lost') await commit();
        if (fault) throw new KafkaJSRequestTimeoutError(`injected: EndTxn answer lost (${fault})`);
        return commit();
      };
      return open;
    };
    return real;
  };
  return new Proxy(kafka, { get: (target, name) => (name === 'producer' ? producer : Reflect.get(target, name)) });
}
