import fc from 'fast-check';
import { JsonLimits } from '@countersign/contracts';
import { aDecision } from '@countersign/contracts/testing';

/** One poison record: the bytes a careless or hostile producer sends, and what is wrong with them. */
export interface PoisonCase {
  kind: string;
  bytes: Buffer;
}

const badText = fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000b', 'x\udbffy');
const inject = (text: string, bad: string, at: number) =>
  text.slice(0, at % (text.length + 1)) + bad + text.slice(at % (text.length + 1));

/** The decision with id `id`, with NUL or a lone surrogate placed into one of its strings or keys, anywhere. */
function unsafeText(id: string): fc.Arbitrary<PoisonCase> {
  const fields: Array<(d: Record<string, any>, bad: string, at: number) => void> = [
    (d, bad, at) => (d.id = inject(d.id, bad, at)),
    (d, bad, at) => (d.model.name = inject(d.model.name, bad, at)),
    (d, bad, at) => (d.model.version = inject(d.model.version, bad, at)),
    (d, bad, at) => (d.output.governingLaw = inject(d.output.governingLaw, bad, at)),
    (d, bad, at) => (d.output[inject('clause', bad, at)] = 'x'),
    (d, bad, at) => (d.output.liabilityCap.currency = inject('EUR', bad, at)),
    (d, bad, at) => (d.input.documentId = inject(d.input.documentId, bad, at)),
    (d, bad, at) => (d.evidence.liabilityCap.text = inject(d.evidence.liabilityCap.text, bad, at)),
    (d, bad, at) => (d.evidence.spans = [{ deep: [inject('span', bad, at)] }]),
    (d, bad, at) => (d.attributes.counterparty = inject(d.attributes.counterparty, bad, at)),
    (d, bad, at) => (d.attributes[inject('region', bad, at)] = 'EU'),
    (d, bad, at) => (d.flags = [...d.flags, inject('anomaly', bad, at)]),
    (d, bad, at) => (d.occurredAt = inject(d.occurredAt, bad, at)),
  ];
  return fc.tuple(fc.nat(fields.length - 1), badText, fc.nat(64)).map(([field, bad, at]) => {
    const decision = aDecision({ id, confidence: 0.97 }) as unknown as Record<string, any>;
    fields[field](decision, bad, at);
    return { kind: `unsafe_text#${field}`, bytes: Buffer.from(JSON.stringify(decision), 'utf8') };
  });
}

/** Raw JSON text spliced into the decision's text: what JSON.stringify could never write. */
function rawSplice(id: string): fc.Arbitrary<PoisonCase> {
  const number = fc.constantFrom(
    '1e999',
    '-1e400',
    '9007199254740993',
    '123456789012345678901234567890',
    '-18446744073709551617',
  );
  const splices = fc.oneof(
    number.map((n) => ({ kind: 'unsafe_number:output', at: '"output":{', insert: `"n":${n},` })),
    number.map((n) => ({ kind: 'unsafe_number:attributes', at: '"attributes":{', insert: `"big":${n},` })),
    number.map((n) => ({
      kind: 'unsafe_number:confidence',
      at: '"confidence":0.97',
      insert: `"confidence":${n}`,
      replace: true,
    })),
    fc.constant({ kind: 'duplicate_key:output', at: '"output":{', insert: '"governingLaw":"Narnia",' }),
    fc.constant({ kind: 'duplicate_key:nested', at: '"output":{', insert: '"a":{"k":1,"\\u006b":2},' }),
    fc.constant({
      kind: 'duplicate_key:id',
      at: '"workflow":',
      insert: `"id":"${id}-twin","workflow":`,
      replace: true,
    }),
  );
  return splices.map(({ kind, at, insert, ...rest }) => {
    const text = JSON.stringify(aDecision({ id, confidence: 0.97 }));
    const spliced = 'replace' in rest ? text.replace(at, insert) : text.replace(at, at + insert);
    if (spliced === text) throw new Error(`splice ${kind} found nothing to splice into`);
    return { kind, bytes: Buffer.from(spliced, 'utf8') };
  });
}

function oversized(id: string): fc.Arbitrary<PoisonCase> {
  return fc.oneof(
    fc.integer({ min: 1, max: 5_000 }).map((extra) => ({
      kind: 'too_large:string',
      bytes: Buffer.from(
        JSON.stringify(
          aDecision({ id, confidence: 0.97, output: { text: 'x'.repeat(JsonLimits.maxStringLength + extra) } }),
        ),
      ),
    })),
    fc.integer({ min: 5, max: 8 }).map((parts) => ({
      kind: 'too_large:document',
      bytes: Buffer.from(
        JSON.stringify(
          aDecision({
            id,
            confidence: 0.97,
            output: Object.fromEntries(Array.from({ length: parts }, (_, n) => [`p${n}`, 'y'.repeat(60_000)])),
          }),
        ),
      ),
    })),
    fc.integer({ min: JsonLimits.maxDepth, max: 400 }).map((depth) => {
      let nested: unknown = 1;
      for (let level = 0; level < depth; level++) nested = level % 2 ? { a: nested } : [nested];
      return {
        kind: 'too_deep',
        bytes: Buffer.from(JSON.stringify(aDecision({ id, confidence: 0.97, evidence: { nested } }))),
      };
    }),
  );
}

/** A poison decision whose id (where the poison is not in the id itself) is `id`. */
export function poisonDecision(id: string): fc.Arbitrary<PoisonCase> {
  return fc.oneof(
    { arbitrary: unsafeText(id), weight: 6 },
    { arbitrary: rawSplice(id), weight: 3 },
    { arbitrary: oversized(id), weight: 1 },
  );
}
