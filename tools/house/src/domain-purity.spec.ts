import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Linter } from 'eslint';
import { parser } from 'typescript-eslint';

// The same object eslint.config.mjs spreads into the workspace's lint configuration.
const domainPurity = require('../eslint/domain-purity.cjs') as Linter.Config;

const root = resolve(__dirname, '../../..');
const linter = new Linter({ configType: 'flat' });

function lint(file: string, code: string): string[] {
  const config: Linter.Config[] = [
    { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser, parserOptions: { ecmaFeatures: { jsx: true } } } },
    domainPurity,
  ];
  return linter.verify(code, config, { filename: join(root, file) }).map((message) => message.message);
}

describe('the domain purity rule', () => {
  it.each([
    ["import { Injectable } from '@nestjs/common';", 'services/router/src/domain/routing-policy.ts'],
    ["import { Repository } from 'typeorm';", 'services/review/src/domain/review-task.ts'],
    ["import { Kafka } from 'kafkajs';", 'services/audit/src/domain/hash-chain.ts'],
    ["import { Pool } from 'pg';", 'services/feedback/src/domain/catch-rate.ts'],
    ["import type { Request } from 'express';", 'tools/simulator/src/domain/scenario.ts'],
    ["import { AuthModule } from '@countersign/auth';", 'services/review/web/src/domain/token-claims.ts'],
    ["import { ServiceDatabaseModule } from '@countersign/platform';", 'services/router/src/domain/x.ts'],
    [
      "import { Controller } from '@nestjs/common';\nexport const View = () => <div />;",
      'services/review/web/src/domain/view.tsx',
    ],
  ])('refuses %s in %s', (code, file) => {
    expect(lint(file, code)).toEqual([expect.stringContaining('domain/ is pure TypeScript')]);
  });

  it('accepts what domain code may use: contracts, the framework-free auth core, Node built-ins', () => {
    const code = [
      "import { Topics } from '@countersign/contracts';",
      "import { principalFromClaims } from '@countersign/auth/principal';",
      "import { hasRole } from '@countersign/auth/core';",
      "import { createHmac } from 'node:crypto';",
      "import jsonLogic from 'json-logic-js';",
    ].join('\n');
    expect(lint('services/router/src/domain/routing-policy.ts', code)).toEqual([]);
  });

  it('leaves capability modules alone: handlers and stores use the framework', () => {
    expect(
      lint('services/router/src/routing/routing.handler.ts', "import { Injectable } from '@nestjs/common';"),
    ).toEqual([]);
  });

  it('is part of the workspace lint: `eslint` fails on a domain file that imports @nestjs/common', () => {
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/eslint/bin/eslint.js'),
        '--stdin',
        '--stdin-filename',
        'services/router/src/domain/purity-fixture.ts',
        '--rule',
        '@nx/enforce-module-boundaries: off',
      ],
      {
        cwd: root,
        input: "import { Injectable } from '@nestjs/common';\nexport const x: typeof Injectable = Injectable;\n",
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('domain/ is pure TypeScript');
  }, 60_000);
});
