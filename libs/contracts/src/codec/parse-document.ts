import { checkJsonValue, JsonGuardReason, scanRawJson } from './json-guard';
import { JsonLimits } from './json-limits';

export type ParseFailureReason = 'empty_payload' | 'invalid_json' | JsonGuardReason;

export type ParsedDocument = { ok: true; plain: unknown } | { ok: false; reason: ParseFailureReason; errors: string[] };

// fatal: Buffer#toString would replace invalid UTF-8 with U+FFFD silently, storing something the producer never sent.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A record value read as a JSON document every store can hold: bounded size, valid UTF-8, well-formed JSON, no
 * duplicate keys, and within JsonLimits (no NUL or lone surrogates, bounded strings, depth and safe numbers).
 */
export function parseDocument(bytes: Buffer | null): ParsedDocument {
  if (bytes === null || bytes.length === 0) {
    return { ok: false, reason: 'empty_payload', errors: ['record has no value'] };
  }
  if (bytes.length > JsonLimits.maxDocumentBytes) {
    return {
      ok: false,
      reason: 'too_large',
      errors: [`/: document is ${bytes.length} bytes; at most ${JsonLimits.maxDocumentBytes}`],
    };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'invalid_json', errors: ['/: value is not valid UTF-8'] };
  }
  let plain: unknown;
  try {
    plain = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'invalid_json', errors: [(error as Error).message] };
  }
  const violation = checkJsonValue(plain);
  if (violation) return { ok: false, ...violation };
  const raw = scanRawJson(text);
  if (raw) return { ok: false, ...raw };
  return { ok: true, plain };
}
