import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES, TopicCatalogue } from '../catalogue';
import { CONTRACTS_VERSION } from '../contracts-version';
import { DEAD_LETTER_REASONS, DeadLetterHeaders } from '../dead-letter';
import { allTopics } from '../topics';
import { buildAsyncApiDocument } from './asyncapi';
import { renderGeneratedFiles } from './generated-files';
import { JsonObject, JsonValue } from './json-value';
import { buildJsonSchemas } from './json-schemas';

const doc = buildAsyncApiDocument();
const channels = doc.channels as Record<string, JsonObject>;
const operations = Object.values(doc.operations as Record<string, JsonObject>);
const isService = (party: string) => (SERVICE_NAMES as readonly string[]).includes(party);

function resolve(pointer: string): JsonValue | undefined {
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<JsonValue | undefined>(
      (node, segment) => (node !== null && typeof node === 'object' ? (node as JsonObject)[segment] : undefined),
      doc,
    );
}

function refsIn(node: JsonValue): string[] {
  if (node === null || typeof node !== 'object') return [];
  const own = !Array.isArray(node) && typeof node.$ref === 'string' ? [node.$ref] : [];
  return [...own, ...Object.values(node).flatMap(refsIn)];
}

function channelOf(topic: string): [string, JsonObject] {
  const found = Object.entries(channels).find(([, channel]) => channel.address === topic);
  if (!found) throw new Error(`no channel for ${topic}`);
  return found;
}

describe('buildAsyncApiDocument', () => {
  it('is what libs/contracts/generated/asyncapi.yaml holds', () => {
    const [file] = renderGeneratedFiles().filter((generated) => generated.path.endsWith('asyncapi.yaml'));
    const checkedIn = readFileSync(path.join(__dirname, '..', '..', file.path), 'utf8');
    if (checkedIn !== file.content) {
      throw new Error(`libs/contracts/${file.path} is out of date: run \`npm run contracts:generate\` and commit it`);
    }
  });

  it('is an AsyncAPI 3.0 document about Countersign with the local Kafka broker', () => {
    expect(doc).toMatchObject({
      asyncapi: '3.0.0',
      info: { title: 'Countersign', version: CONTRACTS_VERSION },
      servers: { kafka: { host: '127.0.0.1:9092', protocol: 'kafka' } },
    });
  });

  it('has one channel per topic, and only those', () => {
    expect(
      Object.values(channels)
        .map((channel) => channel.address)
        .sort(),
    ).toEqual([...allTopics].sort());
  });

  it.each(TopicCatalogue.map((topic) => [topic.name, topic] as const))(
    'describes %s with its key, producers and consumers',
    (name, topic) => {
      const [id, channel] = channelOf(name);
      const messages = Object.values(channel.messages as Record<string, JsonObject>);
      expect(messages).toHaveLength(1);
      expect(messages[0].bindings).toMatchObject({ kafka: { key: { type: 'string', description: topic.key } } });
      expect(channel['x-producers']).toEqual(topic.producers);
      expect(channel['x-consumers']).toEqual(topic.consumers);
      for (const party of [...topic.producers, ...topic.consumers]) expect(channel.description).toContain(party);

      const on = operations.filter((operation) => (operation.channel as JsonObject).$ref === `#/channels/${id}`);
      const by = (action: string) =>
        on
          .filter((operation) => operation.action === action)
          .map((operation) => (operation.tags as JsonObject[])[0].name);
      expect(by('send').sort()).toEqual(topic.producers.filter(isService).sort());
      expect(by('receive').sort()).toEqual(topic.consumers.filter(isService).sort());
    },
  );

  it('gives each JSON message the JSON Schema of its payload class', () => {
    const jsonSchemas = buildJsonSchemas();
    const schemas = (doc.components as JsonObject).schemas as Record<string, JsonObject>;
    for (const topic of TopicCatalogue) {
      if (topic.payload === 'original-bytes') continue;
      const name = topic.payload.name;
      const message = Object.values(channelOf(topic.name)[1].messages as Record<string, JsonObject>)[0];
      expect(message).toMatchObject({
        contentType: 'application/json',
        payload: { $ref: `#/components/schemas/${name}` },
      });
      const { $schema: _draft, definitions: _nested, ...standalone } = jsonSchemas[name];
      const asComponent = JSON.parse(JSON.stringify(standalone).replaceAll('#/definitions/', '#/components/schemas/'));
      expect(schemas[name]).toEqual(asComponent);
    }
  });

  it('describes dead letters as the original bytes with every countersign.dlq.* header', () => {
    const topic = TopicCatalogue.find((spec) => spec.payload === 'original-bytes');
    const message = Object.values(channelOf(topic?.name ?? '')[1].messages as Record<string, JsonObject>)[0];
    const headers = message.headers as JsonObject;
    expect(message).toMatchObject({ contentType: 'application/octet-stream', payload: { format: 'binary' } });
    expect([...(headers.required as string[])].sort()).toEqual(Object.values(DeadLetterHeaders).sort());
    expect(Object.keys(headers.properties as JsonObject).sort()).toEqual(Object.values(DeadLetterHeaders).sort());
    expect(headers.properties).toMatchObject({ [DeadLetterHeaders.reason]: { enum: [...DEAD_LETTER_REASONS] } });
  });

  it('has no $ref that points nowhere', () => {
    const dangling = refsIn(doc).filter((ref) => resolve(ref) === undefined);
    expect(dangling).toEqual([]);
  });

  it('links every operation to a message of its own channel', () => {
    for (const operation of operations) {
      const channel = (operation.channel as JsonObject).$ref as string;
      for (const message of operation.messages as JsonObject[]) {
        expect(message.$ref).toMatch(new RegExp(`^${channel}/messages/`));
      }
    }
  });
});
