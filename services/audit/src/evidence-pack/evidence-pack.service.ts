import { Inject, Injectable } from '@nestjs/common';
import { CHECKPOINT_SIGNING_KEY } from '../checkpoints/checkpoint-key.provider';
import { CheckpointSigningKey } from '../checkpoints/checkpoint-signing-key';
import { EvidenceContents, evidenceFiles } from '../domain/evidence-contents';
import { EvidencePack, sealEvidencePack } from '../domain/evidence-pack';
import { ReportsService } from '../reports/reports.service';
import { TrailVerifier } from '../trail/trail-verifier';
import { EvidenceStore } from './evidence-store';

/** Gathers one workflow's record for a period, writes it as files and seals them with the checkpoint key. */
@Injectable()
export class EvidencePackService {
  constructor(
    private readonly reports: ReportsService,
    private readonly store: EvidenceStore,
    private readonly verifier: TrailVerifier,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly key: CheckpointSigningKey,
  ) {}

  async pack(workflow: string, from?: Date, to?: Date, now = new Date()): Promise<EvidencePack> {
    const report = await this.reports.report(workflow, from, to, now);
    const [start, end] = [new Date(report.from), new Date(report.to)];
    const [versions, escalations, expiredTasks, reviewerActivity, trail] = await Promise.all([
      this.store.policyVersions(workflow, end),
      this.store.escalations(workflow, start, end),
      this.store.expiredTasks(workflow, start, end),
      this.store.reviewerActivity(workflow, start, end),
      // The whole trail, every chain: a workflow's records are spread over all of them by decision id.
      this.verifier.verify(),
    ]);
    const before = versions.filter((version) => Date.parse(version.at) < start.getTime());
    const contents: EvidenceContents = {
      report,
      policyInForceAtStart: before.at(-1) ?? null,
      policyChanges: versions.filter((version) => Date.parse(version.at) >= start.getTime()),
      escalations,
      expiredTasks,
      reviewerActivity,
      trailVerification: {
        ok: trail.ok,
        chains: trail.chains,
        recordsChecked: trail.recordsChecked,
        ...(trail.broken && {
          broken: { chain: trail.broken.chain, seq: trail.broken.seq, problem: trail.broken.problem },
        }),
        checkedAt: now.toISOString(),
      },
    };
    return sealEvidencePack(
      { workflow, from: report.from, to: report.to, generatedAt: now.toISOString() },
      evidenceFiles(contents),
      this.key,
    );
  }
}
