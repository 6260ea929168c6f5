// One copy of each piece of mathematics Countersign's claims rest on: intervals, weighted estimates, calibration and
// risk bounds. Pure TypeScript, no I/O, so services, tools and the policy lab compute the same numbers the same way.
export * from './proportion';
export * from './incomplete-beta';
export * from './clopper-pearson';
export * from './weighted-rate';
export * from './isotonic-calibration';
export * from './betting-evidence';
export * from './seeded-random';
export * from './risk-control';
export * from './drift-monitor';
export * from './release-cuts';
export * from './risk-rule-learner';
export * from './segmented-risk-rules';
