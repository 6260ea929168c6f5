// `npm run docs:config`: writes docs/configuration.md from the environment classes (see configuration-doc.ts).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderConfigurationDoc, undocumentedVariables } from './configuration-doc';
import { readEnvironmentClasses } from './environment-classes';

const root = resolve(__dirname, '../../..');
const classes = readEnvironmentClasses(root);
const undocumented = undocumentedVariables(classes);
if (undocumented.length > 0) {
  process.stderr.write(`give these variables a JSDoc comment:\n  ${undocumented.join('\n  ')}\n`);
  process.exit(1);
}
const target = join(root, 'docs/configuration.md');
writeFileSync(target, renderConfigurationDoc(classes));
process.stdout.write(`wrote ${target}\n`);
