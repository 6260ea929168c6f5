import { generateKeyPairSync } from 'node:crypto';
import { checkpointKeyId } from './checkpoint';
import { checkEvidencePack, EvidencePack, sealEvidencePack } from './evidence-pack';

const keyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicKey,
    keyId: checkpointKeyId(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const period = { workflow: 'invoice-coding', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
const files = [
  { name: 'evidence.json', mediaType: 'application/json', content: '{"decisions":12}' },
  { name: 'report.csv', mediaType: 'text/csv', content: 'metric,value\r\ndecisions,12\r\n' },
];

describe('evidence pack', () => {
  const key = keyPair();
  const pack = sealEvidencePack({ ...period, generatedAt: '2026-12-04T21:00:00.000Z' }, files, key);
  const copy = (): EvidencePack => JSON.parse(JSON.stringify(pack));

  it('verifies as made, with the embedded key and with the trusted one', () => {
    expect(checkEvidencePack(copy())).toEqual({
      ok: true,
      keyId: key.keyId,
      keyTrusted: false,
      filesChecked: 2,
      problems: [],
    });
    expect(checkEvidencePack(copy(), key.publicKey)).toMatchObject({ ok: true, keyTrusted: true });
  });

  it.each<[string, (p: EvidencePack) => void, RegExp]>([
    [
      'a file edited',
      (p) => (p.files['report.csv'] = p.files['report.csv'].replace('12', '11')),
      /report.csv: content/,
    ],
    ['a file removed', (p) => delete p.files['evidence.json'], /evidence.json: missing/],
    ['a file slipped in', (p) => (p.files['extra.html'] = '<p>'), /extra.html: not in the signed manifest/],
    ['the period moved', (p) => (p.manifest.from = '2026-10-01T00:00:00.000Z'), /signature does not verify/],
    [
      'a digest replaced to match an edit',
      (p) => {
        p.files['report.csv'] = 'metric,value\r\n';
        p.manifest.files[1].sha256 = 'f'.repeat(64);
      },
      /signature does not verify/,
    ],
    ['a garbled signature', (p) => (p.signature.value = 'AAAA'), /signature/],
    ['not a pack', (p) => ((p.manifest as { format: string }).format = 'zip'), /not an evidence pack/],
  ])('names %s', (_, tamper, problem) => {
    const tampered = copy();
    tamper(tampered);
    const check = checkEvidencePack(tampered);
    expect(check.ok).toBe(false);
    expect(check.problems.join('; ')).toMatch(problem);
  });

  it('refuses a pack re-signed with another key when the trusted key is given', () => {
    const forger = keyPair();
    const forged = sealEvidencePack({ ...period, generatedAt: pack.manifest.generatedAt }, files, forger);
    expect(checkEvidencePack(forged).ok).toBe(true); // integrity alone: any key signs its own pack
    const check = checkEvidencePack(forged, key.publicKey);
    expect(check.ok).toBe(false);
    expect(check.problems.join('; ')).toMatch(/signed by key/);
  });

  it('never throws on input that is not a pack', () => {
    for (const input of [null, 42, 'text', {}, { manifest: { format: 'countersign.evidence-pack/1' } }]) {
      expect(checkEvidencePack(input).ok).toBe(false);
    }
  });
});
