import { Inject, Injectable } from '@nestjs/common';
import { CHECKPOINT_SIGNING_KEY } from '../checkpoints/checkpoint-key.provider';
import { CheckpointSigningKey } from '../checkpoints/checkpoint-signing-key';
import { EvidenceContents, evidenceFiles } from '../domain/evidence-contents';
import { EvidencePack, sealEvidencePack } from '../domain/evidence-pack';
import { ReportsService } from '../reports/reports.service';
import { TrailVerifier } from '../trail/trail-verifier';
import { EvidenceStore } from './evidence-store';

/** How long one verification of the whole trail serves the packs asked for after it. */
const TRAIL_CHECK_REUSE_MS = 60_000;

type TrailCheck = Awaited<ReturnType<TrailVerifier['verify']>>;

/** Gathers one workflow's record for a period, writes it as files and seals them with the checkpoint key. */
@Injectable()
export class EvidencePackService {
  /**
   * The last verification of the whole trail, shared: verifying walks every chain, and a lead of one workflow may ask
   * for packs as often as they like; requests in flight together, or within a minute, share one walk (the pack says
   * when it ran).
   */
  private trailCheck?: { startedAt: number; result: Promise<{ check: TrailCheck; checkedAt: string }> };

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
      this.verifiedTrail(now),
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
        ok: trail.check.ok,
        chains: trail.check.chains,
        recordsChecked: trail.check.recordsChecked,
        ...(trail.check.broken && {
          broken: { chain: trail.check.broken.chain, seq: trail.check.broken.seq, problem: trail.check.broken.problem },
        }),
        checkedAt: trail.checkedAt,
      },
    };
    return sealEvidencePack(
      { workflow, from: report.from, to: report.to, generatedAt: now.toISOString() },
      evidenceFiles(contents),
      this.key,
    );
  }

  private verifiedTrail(now: Date): Promise<{ check: TrailCheck; checkedAt: string }> {
    if (this.trailCheck && now.getTime() - this.trailCheck.startedAt < TRAIL_CHECK_REUSE_MS) {
      return this.trailCheck.result;
    }
    const result = this.verifier.verify().then((check) => ({ check, checkedAt: new Date().toISOString() }));
    // A failed walk is not kept: the next request tries again.
    result.catch(() => (this.trailCheck = undefined));
    this.trailCheck = { startedAt: now.getTime(), result };
    return result;
  }
}
