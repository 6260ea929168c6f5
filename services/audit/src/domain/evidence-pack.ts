import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { CHECKPOINT_ALGORITHM, checkpointKeyId } from './checkpoint';

/** The bundle's format name; a verifier refuses any other. */
export const EVIDENCE_PACK_FORMAT = 'countersign.evidence-pack/1';

export interface EvidenceFile {
  name: string;
  mediaType: string;
  /** Hex SHA-256 of the file's UTF-8 bytes. */
  sha256: string;
  bytes: number;
}

/** What is signed: the period, when the pack was made, and the digest of every file in it. */
export interface EvidenceManifest {
  format: typeof EVIDENCE_PACK_FORMAT;
  workflow: string;
  from: string;
  to: string;
  generatedAt: string;
  files: EvidenceFile[];
}

/**
 * One download: the manifest, its Ed25519 signature by the audit checkpoint key, and the files themselves as text.
 * A JSON bundle rather than a zip: no archive dependency, and any JSON tool can extract a file from it.
 */
export interface EvidencePack {
  manifest: EvidenceManifest;
  signature: { algorithm: typeof CHECKPOINT_ALGORITHM; keyId: string; publicKeyPem: string; value: string };
  files: Record<string, string>;
}

export interface EvidenceSigningKey {
  privateKey: KeyObject;
  keyId: string;
  publicKeyPem: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Seals the files: their digests go into the manifest, the manifest's canonical JSON is signed. */
export function sealEvidencePack(
  period: { workflow: string; from: string; to: string; generatedAt: string },
  files: ReadonlyArray<{ name: string; mediaType: string; content: string }>,
  key: EvidenceSigningKey,
): EvidencePack {
  const manifest: EvidenceManifest = {
    format: EVIDENCE_PACK_FORMAT,
    ...period,
    files: files.map(({ name, mediaType, content }) => ({
      name,
      mediaType,
      sha256: sha256(content),
      bytes: Buffer.byteLength(content, 'utf8'),
    })),
  };
  return {
    manifest,
    signature: {
      algorithm: CHECKPOINT_ALGORITHM,
      keyId: key.keyId,
      publicKeyPem: key.publicKeyPem,
      value: sign(null, Buffer.from(canonicalJson(manifest)), key.privateKey).toString('base64'),
    },
    files: Object.fromEntries(files.map(({ name, content }) => [name, content])),
  };
}

export interface EvidencePackCheck {
  ok: boolean;
  keyId: string | null;
  /** Whether the signing key is the one the verifier was given (false when checked with the embedded key only). */
  keyTrusted: boolean;
  filesChecked: number;
  problems: string[];
}

/**
 * Checks a pack offline: the signature over the manifest, then every file against its digest, and no file outside
 * the manifest. With `trustedKey` the pack must be signed by that key; without one the embedded key is used, which
 * proves integrity but not origin (anyone can sign with a key of their own): the answer says so in `keyTrusted`.
 * Never throws on malformed input: every problem is named.
 */
export function checkEvidencePack(pack: unknown, trustedKey?: KeyObject): EvidencePackCheck {
  const problems: string[] = [];
  const candidate = pack as Partial<EvidencePack> | null;
  const manifest = candidate?.manifest;
  const signature = candidate?.signature;
  const files = candidate?.files;
  if (!manifest || typeof manifest !== 'object' || manifest.format !== EVIDENCE_PACK_FORMAT) {
    return { ok: false, keyId: null, keyTrusted: false, filesChecked: 0, problems: ['not an evidence pack (format)'] };
  }
  let publicKey: KeyObject | undefined = trustedKey;
  if (!publicKey) {
    try {
      publicKey = createPublicKey(String(signature?.publicKeyPem));
    } catch {
      problems.push('the embedded public key cannot be read');
    }
  }
  let keyId: string | null = null;
  if (publicKey) {
    try {
      keyId = checkpointKeyId(publicKey);
      if (signature?.keyId !== keyId) problems.push(`signed by key ${String(signature?.keyId)}, not ${keyId}`);
      const valid = verify(
        null,
        Buffer.from(canonicalJson(manifest)),
        publicKey,
        Buffer.from(String(signature?.value), 'base64'),
      );
      if (!valid) problems.push('the manifest signature does not verify: the manifest was altered or not signed');
    } catch (error) {
      problems.push(`the signature cannot be checked: ${(error as Error).message}`);
    }
  }
  const listed = Array.isArray(manifest.files) ? manifest.files : [];
  let filesChecked = 0;
  for (const file of listed) {
    if (!file || typeof file !== 'object' || typeof file.name !== 'string') {
      problems.push('the manifest lists an entry that is not a file');
      continue;
    }
    const content = files?.[file.name];
    if (typeof content !== 'string') {
      problems.push(`${file.name}: missing from the pack`);
      continue;
    }
    filesChecked++;
    if (sha256(content) !== file.sha256) problems.push(`${file.name}: content differs from its signed digest`);
  }
  for (const name of Object.keys(files ?? {})) {
    if (!listed.some((file) => file?.name === name)) problems.push(`${name}: not in the signed manifest`);
  }
  return { ok: problems.length === 0, keyId, keyTrusted: trustedKey !== undefined, filesChecked, problems };
}
