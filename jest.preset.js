// Shared Jest settings: SWC transpiles TypeScript (with the decorator metadata NestJS needs) far faster than ts-jest,
// and workspace path aliases resolve to library sources so tests never depend on a prior build.
const path = require('node:path');

const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const root = __dirname;
module.exports = {
  testEnvironment: 'node',
  setupFiles: [require.resolve('reflect-metadata')],
  transform: { '^.+\\.ts$': swcTransform },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@countersign/auth$': path.join(root, 'libs/auth/src/index.ts'),
    '^@countersign/auth/core$': path.join(root, 'libs/auth/src/core/index.ts'),
    '^@countersign/auth/principal$': path.join(root, 'libs/auth/src/core/principal.ts'),
    '^@countersign/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
    '^@countersign/contracts/rubber-stamp-guard$': path.join(root, 'libs/contracts/src/guard/rubber-stamp-guard.ts'),
    '^@countersign/contracts/testing$': path.join(root, 'libs/contracts/src/testing/index.ts'),
    '^@countersign/kafka$': path.join(root, 'libs/kafka/src/index.ts'),
    '^@countersign/outcomes$': path.join(root, 'libs/outcomes/src/index.ts'),
    '^@countersign/platform$': path.join(root, 'libs/platform/src/index.ts'),
    '^@countersign/platform/tracing$': path.join(root, 'libs/platform/src/tracing/index.ts'),
    '^@countersign/statistics$': path.join(root, 'libs/statistics/src/index.ts'),
    '^@countersign/testing$': path.join(root, 'libs/testing/src/index.ts'),
  },
};
