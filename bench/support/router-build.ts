import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './bench-options';
import { progress } from './progress';
import { routerBuildDir, routerEntryPoint, routerSnapshotDir } from './systems-under-test';

/**
 * Builds the router (`nx run router:build`) when its build output is missing or older than any source it uses, then
 * copies the build aside: every router run of this bench starts the same code, even if dist/ is rebuilt meanwhile.
 * (The copy sits inside the repository, so the router still finds node_modules.)
 */
export async function prepareRouterBuild(skip: boolean): Promise<void> {
  await ensureRouterBuild(skip);
  rmSync(routerSnapshotDir, { recursive: true, force: true });
  cpSync(routerBuildDir, routerSnapshotDir, { recursive: true, preserveTimestamps: true });
  progress(`  measuring a copy of the build: ${routerEntryPoint()}`);
}

async function ensureRouterBuild(skip: boolean): Promise<void> {
  const entry = routerEntryPoint(routerBuildDir);
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  const newest = Math.max(
    newestSource(join(repoRoot, 'services', 'router', 'src')),
    ...readdirSync(join(repoRoot, 'libs')).map((lib) => newestSource(join(repoRoot, 'libs', lib, 'src'))),
  );
  if (built >= newest) {
    progress(`router build is up to date (${entry})`);
    return;
  }
  if (skip) {
    if (!built) throw new Error(`${entry} is missing and --skip-build was given`);
    progress('router build is older than its sources; --skip-build given, measuring the existing build');
    return;
  }
  progress(
    built
      ? 'router build is older than its sources: npx nx run router:build'
      : 'no router build: npx nx run router:build',
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npx', ['nx', 'run', 'router:build', '--output-style=stream'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) progress(`  ${line.trim()}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code === 0) return;
  if (!built) throw new Error('the router build failed and there is no earlier build to measure');
  progress(`  WARNING: the router build failed (exit ${code}); measuring the earlier build in dist/`);
}

function newestSource(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}
