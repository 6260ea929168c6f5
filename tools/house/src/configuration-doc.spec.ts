import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderConfigurationDoc, undocumentedVariables } from './configuration-doc';
import { EnvironmentClass, readEnvironmentClasses } from './environment-classes';

const root = resolve(__dirname, '../../..');

describe('docs/configuration.md', () => {
  const classes = readEnvironmentClasses(root);

  it('is what `npm run docs:config` generates from the environment classes (run it after changing one)', () => {
    const committed = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
    expect(committed).toBe(renderConfigurationDoc(classes));
  });

  it('documents every variable: each has a JSDoc comment in its class', () => {
    expect(undocumentedVariables(classes)).toEqual([]);
  });

  it('reads every service’s class, with defaults resolved from constants', () => {
    expect(classes.map((environment) => environment.name)).toEqual(
      expect.arrayContaining([
        'PlatformEnvironment',
        'AuthEnvironment',
        'AuditEnvironment',
        'FeedbackEnvironment',
        'ReviewEnvironment',
        'RouterEnvironment',
      ]),
    );
    const auth = classes.find((environment) => environment.name === 'AuthEnvironment');
    expect(auth?.variables.find((variable) => variable.name === 'AUTH_ISSUER')?.defaultValue).toBe('countersign-dev');
  });
});

describe('renderConfigurationDoc', () => {
  const classes: EnvironmentClass[] = [
    {
      name: 'PlatformEnvironment',
      file: 'libs/platform/env.ts',
      variables: [
        { name: 'PORT', description: 'The HTTP port.', override: false },
        { name: 'HOST', defaultValue: '127.0.0.1', description: 'Listen | address.', override: false },
      ],
    },
    {
      name: 'ReviewEnvironment',
      file: 'services/review/env.ts',
      extendsName: 'PlatformEnvironment',
      variables: [
        { name: 'PORT', defaultValue: '3000', description: '', override: true },
        { name: 'REVIEW_WEBHOOK_URL', description: 'Called on SLA breaches.', override: false },
      ],
    },
    {
      name: 'RouterEnvironment',
      file: 'services/router/env.ts',
      extendsName: 'PlatformEnvironment',
      variables: [{ name: 'PORT', defaultValue: '3001', description: '', override: true }],
    },
  ];
  const doc = renderConfigurationDoc(classes);

  it('shows each service’s own default of an inherited variable', () => {
    expect(doc).toMatch(/\| `PORT` +\| review 3000, router 3001 +\| The HTTP port\. +\|/);
  });

  it('says unset where a class has no default, and escapes table pipes', () => {
    expect(doc).toMatch(/\| `REVIEW_WEBHOOK_URL` +\| unset +\| Called on SLA breaches\. +\|/);
    expect(doc).toMatch(/\| `HOST` +\| `127\.0\.0\.1` +\| Listen \\\| address\. +\|/);
  });

  it('names which services read the shared variables', () => {
    expect(doc).toContain('Read by **review**, **router**.');
  });

  it('finds a variable without a description', () => {
    const bare = [{ ...classes[0], variables: [{ name: 'X', description: '', override: false }] }];
    expect(undocumentedVariables(bare)).toEqual(['PlatformEnvironment.X (libs/platform/env.ts)']);
  });
});
