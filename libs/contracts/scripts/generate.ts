import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderGeneratedFiles } from '../src/schema/generated-files';

// Run by tsx from the workspace root; the root tsconfig.json gives it the legacy decorators class-validator reads.
async function main(): Promise<void> {
  const root = path.join(__dirname, '..');
  for (const file of renderGeneratedFiles()) {
    const target = path.join(root, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    console.log(`wrote ${path.relative(process.cwd(), target)} (${Buffer.byteLength(file.content)} bytes)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
