import { ApiProperty } from '@nestjs/swagger';

class EvidenceFileView {
  @ApiProperty() name!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty({ description: 'Hex SHA-256 of the file as UTF-8' }) sha256!: string;
  @ApiProperty({ type: 'integer' }) bytes!: number;
}

class EvidenceManifestView {
  @ApiProperty({ enum: ['countersign.evidence-pack/1'] }) format!: string;
  @ApiProperty() workflow!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: () => EvidenceFileView, isArray: true }) files!: EvidenceFileView[];
}

class EvidenceSignatureView {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: string;
  @ApiProperty({ description: 'As GET /api/v1/trail/checkpoints/public-key names it' }) keyId!: string;
  @ApiProperty() publicKeyPem!: string;
  @ApiProperty({ description: 'Base64 Ed25519 signature of the canonical JSON of the manifest' }) value!: string;
}

export class EvidencePackView {
  @ApiProperty({ type: () => EvidenceManifestView }) manifest!: EvidenceManifestView;
  @ApiProperty({ type: () => EvidenceSignatureView }) signature!: EvidenceSignatureView;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'File name → content (evidence.json, report.csv, policies.csv, reviewers.csv, evidence.html)',
  })
  files!: Record<string, string>;
}
