import { DecisionV1 } from '@countersign/contracts';
import {
  accuracyAt,
  confidenceFrom,
  MIN_CONFIDENCE,
  ModelBehaviour,
  round3,
  versionIndexAt,
  versionName,
} from './model-behaviour';
import { Scenario } from './scenario';
import { SCENARIOS } from './scenarios';
import { SeededRandom } from '@countersign/statistics';
import { SimulatedDecision } from './simulated-decision';

/** How hard cases lower the model's confidence: at difficulty 1, by this much. */
const DIFFICULTY_PENALTY = 0.3;

export interface StreamSettings {
  seed: string;
  /** Prefix of every decision id, so runs never collide with each other's ids (the router dedups by id). */
  runId: string;
  count: number;
  behaviour: ModelBehaviour;
  /** Relative weight of each scenario's workflow in the stream; default equal. */
  mix?: Partial<Record<string, number>>;
  /** occurredAt of the first decision, and the spacing of the rest (the stream's own clock, not the wall's). */
  startAt: Date;
  intervalMs: number;
}

function scenarioAt(random: SeededRandom, mix: StreamSettings['mix']): Scenario {
  const weights = SCENARIOS.map((scenario) => mix?.[scenario.workflow] ?? (mix ? 0 : 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let roll = random.next() * total;
  for (let index = 0; index < SCENARIOS.length; index++) {
    roll -= weights[index];
    if (roll < 0) return SCENARIOS[index];
  }
  return SCENARIOS[SCENARIOS.length - 1];
}

/**
 * The decision at `position` of the stream, with its ground truth. Each position draws from its own random stream,
 * so a decision is the same whatever was generated before it (a resumed or partial run reproduces it exactly).
 */
export function simulateDecision(settings: StreamSettings, position: number): SimulatedDecision {
  const random = new SeededRandom(`${settings.seed}/decision-${position}`);
  const scenario = scenarioAt(random, settings.mix);
  const worldCase = scenario.draw(random.fork('case'));
  const versionIndex = versionIndexAt(position, settings.count, settings.behaviour.versions);
  const confidence = round3(
    Math.max(MIN_CONFIDENCE, confidenceFrom(random.next(), versionIndex) - DIFFICULTY_PENALTY * worldCase.difficulty),
  );
  const modelCorrect = random.chance(accuracyAt(confidence, settings.behaviour.calibration));
  const output = modelCorrect
    ? worldCase.truth
    : scenario.mistake(worldCase.truth, worldCase.facts, random.fork('mistake'));
  const { attributes, flags } = scenario.signals(output, worldCase.facts);
  const id = `${settings.runId}-${position}`;
  const modelVersion = versionName(versionIndex);
  const decision: DecisionV1 = {
    schemaVersion: 1,
    id,
    workflow: scenario.workflow,
    model: { name: scenario.modelName, version: modelVersion },
    confidence,
    output,
    input: worldCase.input,
    evidence: worldCase.evidence,
    attributes,
    flags,
    occurredAt: new Date(settings.startAt.getTime() + position * settings.intervalMs).toISOString(),
  };
  return {
    decision,
    truth: {
      decisionId: id,
      workflow: scenario.workflow,
      modelVersion,
      confidence,
      modelCorrect,
      trueOutput: worldCase.truth,
    },
  };
}

export function* decisionStream(settings: StreamSettings, from = 0): Generator<SimulatedDecision> {
  for (let position = from; position < settings.count; position++) yield simulateDecision(settings, position);
}
