import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// patch-package's own parser and applier (a pinned devDependency; untyped deep imports), as `patch-package --reverse`
const { parsePatchFile } = require('patch-package/dist/patch/parse');
const { reversePatch } = require('patch-package/dist/patch/reverse');
const { executeEffects } = require('patch-package/dist/patch/apply');

const PATCH_FILE = join(__dirname, '../../../../patches/kafkajs+2.2.4.patch');

export interface StockKafkajs {
  /** A module of the unpatched package, by its path inside it (e.g. `src/protocol/encoder`). */
  require<T>(path: string): T;
  /** sha256 of a file of the unpatched package, to check it against the published one. */
  sha256(path: string): string;
  dispose(): void;
}

/**
 * kafkajs as published, for tests that compare the patched code with the original: the installed package copied to a
 * temporary directory and patches/kafkajs+2.2.4.patch reversed there, by patch-package itself. Nothing of it is shared
 * with the installed package (its own encoder, Long, CRC-32C in JavaScript).
 */
export function stockKafkajs(): StockKafkajs {
  const root = mkdtempSync(join(tmpdir(), 'stock-kafkajs-'));
  const packageDir = join(root, 'node_modules/kafkajs');
  cpSync(dirname(require.resolve('kafkajs/package.json')), packageDir, { recursive: true });
  try {
    const patch = parsePatchFile(readFileSync(PATCH_FILE, 'utf8'));
    executeEffects(reversePatch(patch), { dryRun: false, bestEffort: false, cwd: root });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error; // the installed package is not the patch applied to kafkajs 2.2.4: run `npm ci` (postinstall)
  }
  return {
    require: <T>(path: string) => require(join(packageDir, path)) as T,
    sha256: (path) =>
      createHash('sha256')
        .update(readFileSync(join(packageDir, path)))
        .digest('hex'),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
