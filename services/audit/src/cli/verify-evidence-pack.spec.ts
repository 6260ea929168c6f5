import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointKeyId } from '../domain/checkpoint';
import { sealEvidencePack } from '../domain/evidence-pack';

// An auditor's position: a downloaded pack and the audit service's published key; nothing else.
describe('npm run evidence:verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-evidence-'));
  const signer = () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return {
      privateKey,
      publicKey,
      keyId: checkpointKeyId(publicKey),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  };
  const audit = signer();
  const publicKeyFile = join(dir, 'audit.pub.pem');
  writeFileSync(publicKeyFile, audit.publicKeyPem);
  const period = { workflow: 'invoice-coding', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
  const seal = (key: ReturnType<typeof signer>, csv: string) =>
    sealEvidencePack(
      { ...period, generatedAt: '2026-12-04T21:00:00.000Z' },
      [{ name: 'report.csv', mediaType: 'text/csv', content: csv }],
      key,
    );
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const cli = (...args: string[]): { status: number; stderr: string } => {
    try {
      execFileSync('npx', ['tsx', 'services/audit/src/cli/verify-evidence-pack.ts', ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { status: 0, stderr: '' };
    } catch (error) {
      const failed = error as { status: number; stderr: string };
      return { status: failed.status, stderr: failed.stderr };
    }
  };

  const genuine = file('genuine.json', JSON.stringify(seal(audit, 'decisions,12\r\n')));
  // Edited and re-signed with a key of the forger's own, which the pack then embeds.
  const forged = file('forged.json', JSON.stringify(seal(signer(), 'decisions,11\r\n')));

  it('exits 0 for a genuine pack checked with the published key, naming its workflow and period', () => {
    const { status } = cli(genuine, '--public-key', publicKeyFile);
    expect(status).toBe(0);
  }, 60_000);

  it('exits 1 for a pack re-signed with another key, and never 0 on the embedded key alone', () => {
    expect(cli(forged, '--public-key', publicKeyFile).status).toBe(1);
    expect(cli(forged, '--embedded-key').status).toBe(3);
    expect(cli(forged).status).toBe(2);
  }, 60_000);

  it('exits 1 for a pack whose JSON repeats a file (readers would disagree on which copy is the file)', () => {
    const text = JSON.stringify(seal(audit, 'decisions,12\r\n'));
    // The forged copy first, the signed one last: JSON.parse keeps the last, a first-wins reader the forged one.
    const doubled = text.replace('"files":{', '"files":{"report.csv":"decisions,99\\r\\n",');
    const { status, stderr } = cli(file('doubled.json', doubled), '--public-key', publicKeyFile);
    expect(status).toBe(1);
    expect(stderr).toMatch(/ambiguous JSON/);
  }, 60_000);
});
