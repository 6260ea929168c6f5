import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

/**
 * class-transformer's registry of @Type() targets. The package exposes it only as an untyped deep import; typing it
 * here (rather than with an ambient declaration) keeps every project that compiles the contracts source happy.
 */
export const typeMetadataStorage: MetadataStorage = require('class-transformer/cjs/storage').defaultMetadataStorage;
