import { createHash } from 'node:crypto';

/** Namespace of every id the audit service derives (a fixed random UUID; changing it would change every id). */
export const AUDIT_ID_NAMESPACE = '5d8e0c43-2f0b-4b8a-9d43-7d1b6f3f0a11';

/**
 * RFC 4122 version-5 UUID of `name`: the same name always gives the same id, so an event derived twice (a replay, a
 * redelivery after kill -9) is one event to every consumer that deduplicates on event id.
 */
export function uuidV5(name: string, namespace: string = AUDIT_ID_NAMESPACE): string {
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
