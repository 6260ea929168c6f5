// Test support for every project's tests: valid events to start from, and arbitraries for property-based tests.
// A separate entry point from src/index.ts, so that production code never loads fast-check or fixtures.
export * from './fixtures';
export * from './arbitraries';
export * from './seeded-random';
