import { JsonObject, ScalarRecord } from '@countersign/contracts';
import { SeededRandom } from '@countersign/statistics';

/** One case of a scenario as the world has it, before the model looks at it. */
export interface ScenarioCase {
  /** What the model saw. */
  input: JsonObject;
  /** The right output: what a careful, correct reviewer would release. */
  truth: JsonObject;
  /** Shown to reviewers beside the output. */
  evidence: JsonObject;
  /** Facts of the case itself that policy rules read (e.g. the contract value), whatever the model says. */
  facts: ScalarRecord;
  /** 0..1: how hard the case is. Hard cases (borderline leads, unusual caps) get lower confidence from the model. */
  difficulty: number;
}

/** What a producer sends alongside the model's output: attributes and flags read from it. */
export interface ScenarioSignals {
  attributes: ScalarRecord;
  flags: string[];
}

/** One of the seed's B2B workflows: how its cases look, how the model gets them wrong, what the producer flags. */
export interface Scenario {
  workflow: string;
  modelName: string;
  draw(random: SeededRandom): ScenarioCase;
  /** A plausible wrong output for this case: the kind of mistake this model makes. Never equal to `truth`. */
  mistake(truth: JsonObject, facts: ScalarRecord, random: SeededRandom): JsonObject;
  /** The attributes and flags a producer derives from the model's output and the case's facts. */
  signals(output: JsonObject, facts: ScalarRecord): ScenarioSignals;
}
