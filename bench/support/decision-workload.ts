import { seededRandom } from '@countersign/contracts/testing';
/**
 * Realistic DecisionV1 records (600-900 bytes of JSON) for the three example workflows, generated once per bench run
 * and fed as the very same bytes to every system measured. Deterministic: a seeded generator, fixed clock.
 */
export interface WorkloadRecord {
  key: string;
  value: Buffer;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Random = () => number;

const COUNTERPARTIES = ['Acme GmbH', 'Globex Corporation', 'Initech Ltd', 'Umbrella SA', 'Stark Industries BV'];
const LAWS = ['Germany', 'England and Wales', 'France', 'Netherlands', 'New York'];
const REGIONS = ['EU', 'UK', 'US', 'APAC'];
const COUNTRIES = ['DE', 'FR', 'NL', 'GB', 'US', 'PL', 'IN', 'SG'];
const SEGMENTS = ['smb', 'mid-market', 'enterprise'];
const LEAD_SOURCES = ['webinar', 'inbound-form', 'partner-referral', 'trade-show', 'outbound'];
const RISK = ['low', 'medium', 'high'];
const OCCURRED_AT = Date.parse('2026-11-25T08:00:00.000Z');

export function decisionWorkload(count: number, idPrefix: string, seed = 42): WorkloadRecord[] {
  const random = seededRandom(seed);
  const records: WorkloadRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const decision = aDecision(index, idPrefix, random);
    records.push({ key: decision.id as string, value: Buffer.from(JSON.stringify(decision), 'utf8') });
  }
  return records;
}

export function describeWorkload(records: readonly WorkloadRecord[]): string {
  const sizes = records.map((record) => record.value.length);
  const average = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
  return `${records.length} records, ${Math.min(...sizes)}-${Math.max(...sizes)} bytes (avg ${Math.round(average)})`;
}

function aDecision(index: number, idPrefix: string, random: Random): { [key: string]: Json } {
  const kind = index % 3;
  const base = {
    schemaVersion: 1,
    occurredAt: new Date(OCCURRED_AT + index * 37).toISOString(),
  };
  if (kind === 0) return { ...base, ...contractReview(`${idPrefix}-contract-${index}`, random) };
  if (kind === 1) return { ...base, ...leadQualification(`${idPrefix}-lead-${index}`, random) };
  return { ...base, ...supplierOnboarding(`${idPrefix}-supplier-${index}`, random) };
}

function contractReview(id: string, random: Random) {
  const amount = pick(random, [25_000, 80_000, 150_000, 500_000, 2_500_000]);
  const counterparty = pick(random, COUNTERPARTIES);
  const law = pick(random, LAWS);
  const page = 3 + Math.floor(random() * 40);
  return {
    id,
    workflow: 'contract-review',
    model: { name: 'contract-extractor', version: '2026.11' },
    confidence: round(0.6 + random() * 0.4),
    output: {
      liabilityCap: { amount, currency: 'EUR' },
      governingLaw: law,
      autoRenewal: random() < 0.5,
      noticePeriodDays: pick(random, [30, 60, 90]),
      paymentTermsDays: pick(random, [14, 30, 45]),
      rationale: rationale(random),
    },
    input: { documentId: `msa-${id}`, pages: page + 12, language: 'en' },
    evidence: {
      liabilityCap: {
        page,
        text: `Supplier's aggregate liability shall not exceed EUR ${amount.toLocaleString('en-US')}.`,
      },
      governingLaw: { page: page + 4, text: `This Agreement shall be governed by the laws of ${law}.` },
    },
    attributes: { amount, currency: 'EUR', region: pick(random, REGIONS), counterparty, renewal: random() < 0.3 },
    flags: random() < 0.15 ? ['anomaly:liability-cap'] : [],
  };
}

function leadQualification(id: string, random: Random) {
  const segment = pick(random, SEGMENTS);
  const employees = pick(random, [12, 85, 240, 1_800, 12_000]);
  return {
    id,
    workflow: 'lead-qualification',
    model: { name: 'lead-scorer', version: '4.2.0' },
    confidence: round(0.5 + random() * 0.5),
    output: {
      fitScore: round(random()),
      rank: pick(random, ['A', 'B', 'C']),
      segment,
      nextAction: pick(random, ['book-demo', 'nurture', 'disqualify']),
      owner: pick(random, ['team-emea', 'team-na', 'team-apac']),
      rationale: rationale(random),
    },
    input: {
      leadId: `lead-${id}`,
      source: pick(random, LEAD_SOURCES),
      company: pick(random, COUNTERPARTIES),
      employees,
    },
    evidence: {
      signals: [
        { kind: 'website-visit', detail: 'pricing page viewed 4 times in 7 days' },
        { kind: 'firmographic', detail: `${employees} employees, industry manufacturing` },
      ],
    },
    attributes: { segment, employees, country: pick(random, COUNTRIES), source: pick(random, LEAD_SOURCES) },
    flags: random() < 0.1 ? ['duplicate-suspected'] : [],
  };
}

function supplierOnboarding(id: string, random: Random) {
  const riskRating = pick(random, RISK);
  const sanctionsHit = random() < 0.03;
  return {
    id,
    workflow: 'supplier-onboarding',
    model: { name: 'supplier-vetting', version: '2026.10.2' },
    confidence: round(0.7 + random() * 0.3),
    output: {
      documentsVerified: random() < 0.9,
      sanctionsHit,
      riskRating,
      decision: riskRating === 'high' || sanctionsHit ? 'escalate' : 'approve',
      checks: { vatNumber: 'valid', iban: 'valid', insuranceCertificate: random() < 0.8 ? 'valid' : 'expired' },
      rationale: rationale(random),
    },
    input: { supplierId: `sup-${id}`, registrationNumber: `HRB ${100_000 + Math.floor(random() * 900_000)}` },
    evidence: {
      sanctionsScreening: { provider: 'screening-service', listsChecked: 14, bestMatchScore: round(random() * 0.6) },
    },
    attributes: {
      sanctionsHit,
      riskRating,
      country: pick(random, COUNTRIES),
      annualSpend: pick(random, [20_000, 120_000, 900_000]),
    },
    flags: sanctionsHit ? ['sanctions:partial-match'] : [],
  };
}

const RATIONALE = [
  'Extracted from the signed PDF;',
  'matches the standard template except for one clause;',
  'the counterparty history shows no disputes;',
  'two sources agree on the value;',
  'the OCR quality of the relevant page was low.',
];

/** One to three sentence fragments: what a model's explanation field looks like, and what spreads the sizes. */
function rationale(random: Random): string {
  return RATIONALE.slice(0, 1 + Math.floor(random() * 3)).join(' ');
}

function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
