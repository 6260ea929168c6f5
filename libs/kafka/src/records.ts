import { IHeaders } from 'kafkajs';
import { encodeEvent } from '@countersign/contracts';

/** A record as it arrived, bytes untouched, with where it came from. */
export interface InboundRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

/** A record to publish. Keyed by decision id for decision events, so one decision stays in one partition. */
export interface OutboundRecord {
  topic: string;
  key: string | Buffer | null;
  value: Buffer;
  headers?: Record<string, string | Buffer>;
}

export function outboundEvent(topic: string, key: string, event: object): OutboundRecord {
  return { topic, key, value: encodeEvent(event) };
}
