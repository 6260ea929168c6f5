import { ArmSummary, BaselineSettings } from './domain/comparison';
import { ModelBehaviour } from './domain/model-behaviour';
import { labRangeOverSeeds } from './lab/demo-configuration';

/** Seeds of the in-process runs behind the lab's range: enough for stable 2.5th and 97.5th percentiles. */
const LAB_SEEDS = 200;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * Whether the platform's baseline arm lands where the policy lab puts that configuration: the same decision stream
 * and routing rule run in process over many seeds, against this one run through Kafka, the router and the reviewers.
 */
export function labAgreementText(
  arms: readonly ArmSummary[],
  configuration: { decisions: number; behaviour: ModelBehaviour; baseline: BaselineSettings },
): string[] {
  const arm = arms.find((candidate) => candidate.arm === 'baseline');
  if (!arm || arm.decisions === 0) return ['Platform against the lab: no baseline decisions to compare'];
  const range = labRangeOverSeeds(configuration, LAB_SEEDS);
  const figures = [
    { name: 'review share', platform: arm.reviewed / arm.decisions, lab: range.reviewShare },
    { name: 'released error', platform: arm.residualErrorRate.value ?? 0, lab: range.releasedError },
  ];
  return [
    `Platform against the lab (baseline arm; lab: the same stream and rule in process, ${LAB_SEEDS} seeds, central 95%)`,
    '',
    '| figure | platform (this run) | lab median | lab 95% range | inside |',
    '| --- | --: | --: | --- | --- |',
    ...figures.map(({ name, platform, lab }) => {
      const inside = lab.lower <= platform && platform <= lab.upper;
      return `| ${name} | ${pct(platform)} | ${pct(lab.median)} | [${pct(lab.lower)}, ${pct(lab.upper)}] | ${inside ? 'yes' : 'NO'} |`;
    }),
  ];
}
