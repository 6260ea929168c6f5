import { DecisionV1, validateEvent } from '@countersign/contracts';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decisionStream, simulateDecision, StreamSettings } from './decision-stream';
import { Calibration } from './model-behaviour';
import { sameJson } from './same-json';
import { SimulatedDecision } from './simulated-decision';

const settings = (overrides: Partial<StreamSettings> = {}): StreamSettings => ({
  seed: 'spec',
  runId: 'run-1',
  count: 6000,
  behaviour: { calibration: 'calibrated', versions: 1 },
  startAt: new Date('2026-11-25T10:00:00Z'),
  intervalMs: 100,
  ...overrides,
});

const streams = new Map<string, SimulatedDecision[]>();
function stream(calibration: Calibration, versions = 1): SimulatedDecision[] {
  const key = `${calibration}/${versions}`;
  if (!streams.has(key)) streams.set(key, [...decisionStream(settings({ behaviour: { calibration, versions } }))]);
  return streams.get(key) as SimulatedDecision[];
}

function accuracy(items: SimulatedDecision[]): number {
  return items.filter(({ truth }) => truth.modelCorrect).length / items.length;
}

const schemas = new Ajv({ strict: false });
function outputSchemaErrors(workflow: string, output: unknown) {
  const schema = JSON.parse(
    readFileSync(join(__dirname, '../../../../deploy/schemas', `${workflow}.schema.json`), 'utf8'),
  );
  const validate = schemas.compile(schema);
  return validate(output) ? [] : validate.errors;
}

describe('decision stream', () => {
  it('produces decisions that the contract accepts, for the three seed workflows, with outputs their schemas accept', () => {
    const items = stream('calibrated');
    for (const { decision, truth } of items.slice(0, 600)) {
      const result = validateEvent(DecisionV1, JSON.parse(JSON.stringify(decision)));
      expect(result).toMatchObject({ ok: true });
      expect(outputSchemaErrors(decision.workflow, decision.output)).toEqual([]);
      expect(outputSchemaErrors(decision.workflow, truth.trueOutput)).toEqual([]);
    }
    expect(new Set(items.map(({ decision }) => decision.workflow))).toEqual(
      new Set(['contract-review', 'lead-qualification', 'supplier-onboarding']),
    );
  });

  it('is reproducible: the same seed gives the same decisions, another seed other ones', () => {
    expect(simulateDecision(settings(), 42)).toEqual(simulateDecision(settings(), 42));
    expect(simulateDecision(settings({ seed: 'other' }), 42).decision.confidence).not.toBe(
      simulateDecision(settings(), 42).decision.confidence,
    );
  });

  it("shows the model's output equal to the truth exactly when the model was right", () => {
    for (const { decision, truth } of stream('calibrated')) {
      expect(sameJson(decision.output, truth.trueOutput)).toBe(truth.modelCorrect);
    }
  });

  it('is right about as often as it says when calibrated, and less when over-confident', () => {
    for (const [low, high] of [
      [0.6, 0.8],
      [0.8, 0.9],
      [0.9, 1],
    ]) {
      const band = (items: SimulatedDecision[]) =>
        items.filter(({ truth }) => truth.confidence >= low && truth.confidence < high);
      const calibrated = band(stream('calibrated'));
      const mean = calibrated.reduce((sum, { truth }) => sum + truth.confidence, 0) / calibrated.length;
      expect(Math.abs(accuracy(calibrated) - mean)).toBeLessThan(0.04);
      expect(accuracy(band(stream('over-confident')))).toBeLessThan(mean - 0.05);
    }
  });

  it('improves across model versions: later versions are more confident and more often right', () => {
    const items = stream('calibrated', 3);
    const byVersion = ['2026.1', '2026.2', '2026.3'].map((version) =>
      accuracy(items.filter(({ truth }) => truth.modelVersion === version)),
    );
    expect(byVersion[1]).toBeGreaterThan(byVersion[0] + 0.02);
    expect(byVersion[2]).toBeGreaterThan(byVersion[1] + 0.01);
  });

  it('raises the signals the seed policies route on: high values, unusual caps, enterprise leads, sanctions, risk', () => {
    const items = stream('calibrated').map(({ decision }) => decision);
    const contracts = items.filter((d) => d.workflow === 'contract-review');
    const share = (list: typeof items, test: (d: (typeof items)[number]) => boolean) =>
      list.filter(test).length / list.length;
    expect(share(contracts, (d) => Number(d.attributes.amount) > 100_000)).toBeGreaterThan(0.3);
    expect(share(contracts, (d) => Number(d.attributes.amount) > 1_000_000)).toBeGreaterThan(0.05);
    expect(share(contracts, (d) => d.flags.includes('anomaly:liability-cap'))).toBeGreaterThan(0.05);
    const leads = items.filter((d) => d.workflow === 'lead-qualification');
    expect(share(leads, (d) => d.attributes.segment === 'enterprise')).toBeGreaterThan(0.05);
    expect(share(leads, (d) => d.attributes.borderline === true)).toBeGreaterThan(0.1);
    const suppliers = items.filter((d) => d.workflow === 'supplier-onboarding');
    expect(share(suppliers, (d) => d.attributes.riskRating === 'high')).toBeGreaterThan(0.05);
    expect(share(suppliers, (d) => d.attributes.sanctionsHit === true)).toBeGreaterThan(0.01);
  });

  it('gives borderline leads lower confidence than clear ones', () => {
    const leads = stream('calibrated').filter(({ decision }) => decision.workflow === 'lead-qualification');
    const mean = (list: SimulatedDecision[]) => list.reduce((s, { truth }) => s + truth.confidence, 0) / list.length;
    const borderline = leads.filter(({ decision }) => decision.attributes.borderline === true);
    const clear = leads.filter(({ decision }) => decision.attributes.borderline === false);
    expect(mean(borderline)).toBeLessThan(mean(clear) - 0.1);
  });

  it('follows the mix: a workflow with weight 0 never appears', () => {
    const items = [...decisionStream(settings({ count: 300, mix: { 'lead-qualification': 1 } }))];
    expect(new Set(items.map(({ decision }) => decision.workflow))).toEqual(new Set(['lead-qualification']));
  });
});
