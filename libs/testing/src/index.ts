// The shared test harness: Kafka and Postgres for integration and end-to-end tests (never mocks), services started
// from their build as real processes, and a plain-kafkajs probe that produces and watches topics like an outsider.
export * from './test-infrastructure';
export * from './service-process';
export * from './kafka-probe';
export * from './platform';
export * from './api-client';
export * from './eventually';
export * from './policy-approval';
export * from './openapi-contract';
export * from './medium/service-parts';
