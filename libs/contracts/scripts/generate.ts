import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// `npm run contracts:generate` runs tsx from the workspace root, which has no tsconfig.json of its own, so tsx would
// compile the event classes' decorators as TC39 decorators, which class-validator cannot read. Run again with this
// library's tsconfig (experimentalDecorators) before any event class is loaded: hence the dynamic import below.
const tsconfig = path.join(__dirname, '..', 'tsconfig.json');
if (process.env.TSX_TSCONFIG_PATH !== tsconfig) {
  const rerun = spawnSync(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
  });
  process.exit(rerun.status ?? 1);
}

async function main(): Promise<void> {
  const { renderGeneratedFiles } = await import('../src/schema/generated-files');
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
