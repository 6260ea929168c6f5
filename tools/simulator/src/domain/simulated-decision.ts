import { DecisionV1, JsonObject } from '@countersign/contracts';

/** What only the simulator knows about a decision: whether the model was right, and what right would have been. */
export interface GroundTruth {
  decisionId: string;
  workflow: string;
  modelVersion: string;
  confidence: number;
  modelCorrect: boolean;
  trueOutput: JsonObject;
}

export interface SimulatedDecision {
  decision: DecisionV1;
  truth: GroundTruth;
}
