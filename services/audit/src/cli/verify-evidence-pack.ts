import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkEvidencePack } from '../domain/evidence-pack';

// npm run evidence:verify -- <evidence.json> [--public-key <audit-checkpoints.pub.pem>]
// Checks an evidence pack offline (no database, no network): the Ed25519 signature over its manifest and every file
// against its signed digest. Exit status: 0 authentic, 1 tampered or signed by another key, 2 bad arguments or file.

const USAGE = 'usage: npm run evidence:verify -- <evidence-pack.json> [--public-key <public-key.pem>]';

function readPublicKey(path: string): KeyObject {
  const pem = readFileSync(path, 'utf8');
  try {
    return createPublicKey(pem);
  } catch {
    throw new Error(
      `${path} is not a PEM public key (GET /api/v1/trail/checkpoints/public-key gives it as publicKeyPem)`,
    );
  }
}

function main(): number {
  let file: string;
  let trustedKey: KeyObject | undefined;
  let pack: unknown;
  try {
    const { values, positionals } = parseArgs({
      options: { 'public-key': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new Error('name one evidence pack file');
    file = positionals[0];
    if (values['public-key']) trustedKey = readPublicKey(values['public-key']);
    pack = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const check = checkEvidencePack(pack, trustedKey);
  process.stdout.write(`${JSON.stringify(check, null, 2)}\n`);
  if (!check.ok) {
    process.stderr.write(
      `evidence pack NOT authentic (${file}):\n${check.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    return 1;
  }
  process.stderr.write(
    check.keyTrusted
      ? `evidence pack authentic: signed by ${check.keyId}, ${check.filesChecked} files intact\n`
      : `evidence pack intact: ${check.filesChecked} files match the manifest signed by ${check.keyId}. ` +
          "Compare that key id with the audit service's published key (GET /api/v1/trail/checkpoints/public-key), " +
          'or pass --public-key to check it here.\n',
  );
  return 0;
}

process.exit(main());
