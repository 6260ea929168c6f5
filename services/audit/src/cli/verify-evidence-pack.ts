import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scanRawJson } from '@countersign/contracts';
import { checkEvidencePack, EvidenceManifest } from '../domain/evidence-pack';

// npm run evidence:verify -- <evidence.json> --public-key <audit-checkpoints.pub.pem>
// Checks an evidence pack offline (no database, no network): the Ed25519 signature over its manifest by the audit
// service's published key, and every file against its signed digest. Exit status: 0 authentic, 1 tampered, malformed
// or signed by another key, 2 bad arguments or file, 3 (only with --embedded-key) intact but its signer unproven.
// The key inside a pack proves nothing about who signed it (anyone can re-sign edited files with a key of their own),
// so it is never enough for exit 0.

const USAGE =
  'usage: npm run evidence:verify -- <evidence-pack.json> --public-key <public-key.pem>\n' +
  '       npm run evidence:verify -- <evidence-pack.json> --embedded-key   (integrity only; exit 3 when intact)';

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
  let text: string;
  try {
    const { values, positionals } = parseArgs({
      options: { 'public-key': { type: 'string' }, 'embedded-key': { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new Error('name one evidence pack file');
    if (!values['public-key'] && !values['embedded-key']) {
      throw new Error(
        "pass --public-key with the audit service's published key (GET /api/v1/trail/checkpoints/public-key); " +
          '--embedded-key checks integrity only',
      );
    }
    file = positionals[0];
    if (values['public-key']) trustedKey = readPublicKey(values['public-key']);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let pack: unknown;
  try {
    pack = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`evidence pack NOT authentic (${file}): not JSON (${(error as Error).message})\n`);
    return 1;
  }
  // JSON.parse keeps the last of repeated keys: a pack holding a file twice could show one reader the signed text and
  // another a forged one. Such a pack is refused whole.
  const ambiguous = scanRawJson(text);
  if (ambiguous) {
    process.stderr.write(
      `evidence pack NOT authentic (${file}): ambiguous JSON\n${ambiguous.errors.map((e) => `  - ${e}`).join('\n')}\n`,
    );
    return 1;
  }
  const check = checkEvidencePack(pack, trustedKey);
  process.stdout.write(`${JSON.stringify(check, null, 2)}\n`);
  if (!check.ok) {
    process.stderr.write(
      `evidence pack NOT authentic (${file}):\n${check.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    return 1;
  }
  const { workflow, from, to } = (pack as { manifest: EvidenceManifest }).manifest;
  const what = `workflow ${workflow}, ${from} to ${to}`;
  if (check.keyTrusted) {
    process.stderr.write(
      `evidence pack authentic: ${what}, signed by ${check.keyId}, ${check.filesChecked} files intact\n`,
    );
    return 0;
  }
  process.stderr.write(
    `evidence pack intact but its signer unproven: ${what}, ${check.filesChecked} files match the manifest signed by ` +
      `the embedded key ${check.keyId}. Compare that key id with the audit service's published key ` +
      '(GET /api/v1/trail/checkpoints/public-key), or pass --public-key.\n',
  );
  return 3;
}

process.exit(main());
