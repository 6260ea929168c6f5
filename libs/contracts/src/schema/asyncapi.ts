import { Party, SERVICE_NAMES, ServiceName, TopicCatalogue, TopicSpec } from '../catalogue';
import { CONTRACTS_VERSION } from '../contracts-version';
import { Topics } from '../topics';
import { buildClassSchemas } from './class-schemas';
import { deadLetterMessage } from './dead-letter-message';
import { JsonObject } from './json-value';
import { sortKeys } from './sort-keys';

// The Kafka message binding version that AsyncAPI 3.0.0 validators know (spec-json-schemas lists 0.3.0 and 0.4.0).
const KAFKA_BINDING_VERSION = '0.4.0';
const channelIdByTopic = new Map<string, string>(Object.entries(Topics).map(([id, name]) => [name, id]));

function isService(party: Party): party is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(party);
}

function channelId(topic: TopicSpec): string {
  const id = channelIdByTopic.get(topic.name);
  if (id === undefined) throw new Error(`${topic.name} is in the catalogue but not in Topics`);
  return id;
}

function messageId(topic: TopicSpec): string {
  return topic.payload === 'original-bytes' ? 'DeadLetter' : topic.payload.name;
}

function message(topic: TopicSpec): JsonObject {
  // Every record key is a UTF-8 string; the binding says which one, so consumers know what orders their records.
  const bindings = {
    kafka: { key: { type: 'string', description: topic.key }, bindingVersion: KAFKA_BINDING_VERSION },
  };
  if (topic.payload === 'original-bytes') return { ...deadLetterMessage(topic.description), bindings };
  const name = topic.payload.name;
  return {
    name,
    title: name,
    summary: topic.description,
    contentType: 'application/json',
    payload: { $ref: `#/components/schemas/${name}` },
    bindings,
  };
}

function channel(topic: TopicSpec): JsonObject {
  return {
    address: topic.name,
    description: `${topic.description}\n\nProduced by ${topic.producers.join(', ')}; consumed by ${topic.consumers.join(', ')}.`,
    messages: { [messageId(topic)]: message(topic) },
    // Teams and systems outside Countersign have no operations here; these list every party, services included.
    'x-producers': [...topic.producers],
    'x-consumers': [...topic.consumers],
  };
}

function operations(topic: TopicSpec): [string, JsonObject][] {
  const id = channelId(topic);
  const operation = (service: ServiceName, action: 'send' | 'receive'): [string, JsonObject] => [
    `${service}.${action}.${id}`,
    {
      action,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${messageId(topic)}` }],
      summary: `${service} ${action === 'send' ? 'publishes to' : 'consumes'} ${topic.name}.`,
      tags: [{ name: service }],
    },
  ];
  return [
    ...topic.producers.filter(isService).map((service) => operation(service, 'send')),
    ...topic.consumers.filter(isService).map((service) => operation(service, 'receive')),
  ];
}

/**
 * The AsyncAPI 3.0 document of every Countersign topic, built from the topic catalogue and the event classes, so it
 * cannot describe a topic, a key or a payload other than the ones the code uses. Keys are sorted for stable output.
 */
export function buildAsyncApiDocument(): JsonObject {
  return sortKeys({
    asyncapi: '3.0.0',
    info: {
      title: 'Countersign',
      version: CONTRACTS_VERSION,
      description:
        "Human-in-the-loop oversight for AI decisions: the Kafka topics that platform teams, Countersign's services " +
        'and downstream systems exchange. Values are UTF-8 JSON (except dead letters, which keep the original bytes); ' +
        "decision events are keyed by decision id so that one decision's events stay in order in one partition.",
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'Local development broker, started by `npm run kafka:start`.',
      },
    },
    channels: Object.fromEntries(TopicCatalogue.map((topic) => [channelId(topic), channel(topic)])),
    operations: Object.fromEntries(TopicCatalogue.flatMap(operations)),
    components: { schemas: buildClassSchemas('#/components/schemas/') },
  });
}
