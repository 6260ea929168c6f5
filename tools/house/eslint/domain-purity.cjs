// The house rule that domain/ folders are pure TypeScript: the decisions a service makes, with no framework, driver
// or infrastructure import (docs/development.md, "Rules the lint enforces"). CommonJS so that eslint.config.mjs and
// the rule's own unit test (tools/house/src/domain-purity.spec.ts) load the same object.
const FORBIDDEN = [
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  'kafkajs',
  'kafkajs/*',
  'pg',
  'pg/*',
  'express',
  'express/*',
  // Our own plumbing libraries: Nest modules, Kafka transport, database and test harness.
  '@countersign/platform',
  '@countersign/kafka',
  '@countersign/testing',
];

// The auth library's root exports Nest guards; domain code may use its framework-free core (`/core`, `/principal`).
const FORBIDDEN_EXACTLY = ['@countersign/auth'];

const MESSAGE =
  'domain/ is pure TypeScript: no framework, driver or infrastructure imports. Put this in the capability module that calls the domain.';

module.exports = {
  name: 'countersign/domain-purity',
  files: ['**/domain/**/*.ts', '**/domain/**/*.tsx', '**/domain/**/*.js', '**/domain/**/*.mjs'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: FORBIDDEN_EXACTLY.map((name) => ({ name, message: MESSAGE })),
        patterns: [{ group: FORBIDDEN, message: MESSAGE }],
      },
    ],
  },
};
