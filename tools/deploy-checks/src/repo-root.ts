import { join } from 'node:path';

/** The repository root, from this folder (tools/deploy-checks/src). */
export const repoRoot = join(__dirname, '..', '..', '..');
