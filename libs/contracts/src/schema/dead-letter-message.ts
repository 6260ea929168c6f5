import { DEAD_LETTER_REASONS, DeadLetterHeaders } from '../dead-letter';
import { TIMESTAMP_PATTERN } from '../events/is-timestamp';
import { JsonObject } from './json-value';

const DECIMAL = { type: 'string', pattern: '^\\d+$' };

/** Typed by DeadLetterHeaders' keys, so a header added there does not compile until it is described here. */
const headerSchemas: Record<keyof typeof DeadLetterHeaders, JsonObject> = {
  reason: { type: 'string', enum: [...DEAD_LETTER_REASONS], description: 'Why the record could not be processed.' },
  errors: {
    type: 'string',
    description: 'A JSON array of strings, one problem per entry as "path: message" (e.g. "confidence: ...").',
  },
  sourceTopic: { type: 'string', description: 'The topic the record was read from.' },
  sourcePartition: { ...DECIMAL, description: 'The partition it was read from, in decimal.' },
  sourceOffset: { ...DECIMAL, description: 'Its offset in that partition, in decimal.' },
  failedAt: {
    type: 'string',
    format: 'date-time',
    pattern: TIMESTAMP_PATTERN.source,
    description: 'When it was dead-lettered.',
  },
  service: { type: 'string', description: 'The service that could not process it.' },
};

/**
 * The AsyncAPI message of a dead-letter topic: the original value bytes, unchanged so that the record can be replayed
 * as it was, with why and where it failed in countersign.dlq.* headers beside the record's own headers.
 */
export function deadLetterMessage(summary: string): JsonObject {
  const headers = Object.entries(DeadLetterHeaders) as [keyof typeof DeadLetterHeaders, string][];
  return {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary,
    contentType: 'application/octet-stream',
    headers: {
      type: 'object',
      description: "The record's original headers are kept as they were, beside these.",
      properties: Object.fromEntries(headers.map(([field, header]) => [header, headerSchemas[field]])),
      required: headers.map(([, header]) => header),
    },
    payload: {
      type: 'string',
      format: 'binary',
      description: "The original record's value, byte for byte (empty when it had none); not necessarily JSON.",
    },
  };
}
