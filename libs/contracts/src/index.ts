// class-transformer's @Type() reads design-time metadata: load the polyfill wherever the contracts are used.
import 'reflect-metadata';
export * from './topics';
export * from './catalogue';
export * from './contracts-version';
export * from './dead-letter';
export * from './codec/decode';
export * from './events/scalar-record';
export * from './events/is-json-object-or-null';
export * from './events/is-timestamp';
export * from './events/may-be-omitted';
export * from './events/decision';
export * from './events/routing';
export * from './events/outcomes';
export * from './events/governance';
export * from './events/audit-checkpoint';
export * from './api/routing-policy';
export * from './api/workflow-param';
export * from './codec/compiled-decoder';
