import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointKeyId, signCheckpoint } from '../domain/checkpoint';
import { checkCheckpointFile } from './checkpoint-file-check';

// A verifier's position: a checkpoint from the topic or the API, and the public key file; no database, no secret.
describe('checking a checkpoint file with the public key alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-checkpoint-'));
  const audit = generateKeyPairSync('ed25519');
  const publicKeyFile = join(dir, 'audit.pub.pem');
  writeFileSync(publicKeyFile, audit.publicKey.export({ type: 'spki', format: 'pem' }));
  const checkpoint = (privateKey: KeyObject, keyId = checkpointKeyId(audit.publicKey)) => ({
    schemaVersion: 1,
    algorithm: 'Ed25519',
    ...signCheckpoint(
      {
        checkpointId: '6c1f3f4e-8d0e-4a43-9a43-0b7f3c2d1e55',
        keyId,
        issuedAt: '2026-12-04T12:00:00.000Z',
        heads: [{ chain: 0, seq: 12, hash: 'a'.repeat(64) }],
      },
      privateKey,
    ),
  });
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const cli = (checkpointPath: string): { status: number; stdout: string } => {
    try {
      const stdout = execFileSync(
        'npx',
        [
          'tsx',
          'services/audit/src/cli/verify-trail.ts',
          '--checkpoint',
          checkpointPath,
          '--public-key',
          publicKeyFile,
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      return { status: 0, stdout };
    } catch (error) {
      const failed = error as { status: number; stdout: string };
      return { status: failed.status, stdout: failed.stdout };
    }
  };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a genuine checkpoint, bare or as the API returns it', () => {
    const genuine = checkpoint(audit.privateKey);
    expect(checkCheckpointFile(file('genuine.json', genuine), publicKeyFile)).toEqual({
      checkpointId: genuine.checkpointId,
      keyId: genuine.keyId,
      publicKeyId: genuine.keyId,
      signatureValid: true,
    });
    const wrapped = { checkpoint: genuine, check: { signatureValid: true } };
    expect(checkCheckpointFile(file('wrapped.json', wrapped), publicKeyFile).signatureValid).toBe(true);
  });

  it('refuses one forged with another key (claiming the audit key id), altered, or HMAC-signed', () => {
    const forged = checkpoint(generateKeyPairSync('ed25519').privateKey);
    const genuine = checkpoint(audit.privateKey);
    const altered = { ...genuine, heads: [{ chain: 0, seq: 11, hash: 'a'.repeat(64) }] };
    const hmac = { ...genuine, algorithm: 'HMAC-SHA256', signature: 'b'.repeat(64) };
    for (const [name, content, problem] of [
      ['forged', forged, 'signature does not verify'],
      ['altered', altered, 'signature does not verify'],
      ['hmac', hmac, 'algorithm HMAC-SHA256 cannot be verified with a public key'],
    ] as const) {
      expect(checkCheckpointFile(file(`${name}.json`, content), publicKeyFile)).toMatchObject({
        signatureValid: false,
        problem,
      });
    }
  });

  it('answers through `npm run audit:verify -- --checkpoint … --public-key …`: exit 0 genuine, 1 forged', () => {
    const genuine = cli(file('cli-genuine.json', checkpoint(audit.privateKey)));
    expect(genuine.status).toBe(0);
    expect(JSON.parse(genuine.stdout)).toMatchObject({ signatureValid: true });
    const forged = cli(file('cli-forged.json', checkpoint(generateKeyPairSync('ed25519').privateKey)));
    expect(forged.status).toBe(1);
    expect(JSON.parse(forged.stdout)).toMatchObject({ signatureValid: false });
  }, 60_000);
});
