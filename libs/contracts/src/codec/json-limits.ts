/**
 * What an event may hold so that every store downstream can keep it as it was. Postgres refuses NUL in text and jsonb
 * and lone UTF-16 surrogates in jsonb; Kafka's default message limit is 1 MiB and the router's outputs embed the whole
 * decision; JavaScript numbers lose integers beyond 2^53 - 1. A record outside these limits is dead-lettered by the
 * decoder, with the JSON pointer of each offending field. Documented in docs/dead-letters.md.
 */
export const JsonLimits = {
  /** UTF-8 bytes of one record value. */
  maxDocumentBytes: 256 * 1024,
  /** UTF-16 code units of any one string value. */
  maxStringLength: 65_536,
  /** UTF-16 code units of any one object key. */
  maxKeyLength: 256,
  /** Objects and arrays nested inside one another; the document itself is depth 1. */
  maxDepth: 32,
} as const;

export type JsonLimitSettings = { [K in keyof typeof JsonLimits]: number };
