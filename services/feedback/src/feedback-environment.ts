import { AuthEnvironment } from '@countersign/auth';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

export class FeedbackEnvironment extends AuthEnvironment {
  override PORT = 3002;

  /** Highest error rate of released decisions a workflow accepts unless PUT /api/v1/targets/:workflow says otherwise. */
  @Type(() => Number)
  @IsNumber()
  @Min(0.0001)
  @Max(0.5)
  FEEDBACK_TARGET_ERROR_RATE = 0.01;

  /** How often recommendations are recomputed (and published when they change). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  FEEDBACK_RECOMMEND_INTERVAL_MS = 60_000;

  /** Recommendations look at the judgments of the last this many days. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  FEEDBACK_WINDOW_DAYS = 30;

  /** Unbiased samples at or above a threshold before it may be recommended. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  FEEDBACK_MIN_THRESHOLD_SAMPLES = 100;

  /**
   * How often risk control replays each risk-budget workflow's evidence and publishes changed rules (issue #15). A move
   * toward more oversight (drift alarm, higher cut) reaches the router within this interval.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  FEEDBACK_RISK_INTERVAL_MS = 15_000;

  /** Governed decisions of a new model version reviewed in full before risk control tests any cut; they place the cuts. */
  @Type(() => Number)
  @IsInt()
  @Min(20)
  @Max(100_000)
  FEEDBACK_RISK_BURN_IN = 400;

  /** The router's API, where recommendations of workflows that opted in to auto-apply become policy versions. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  FEEDBACK_ROUTER_URL = 'http://127.0.0.1:3001';

  /**
   * Bearer token with the admin role for the router's policy API. Unset in AUTH_MODE=hs256: the service mints one
   * with AUTH_HS256_SECRET (subject service:feedback). Unset in oidc mode: auto-apply fails and says so in the log.
   * Its subject must be in the router's ROUTER_SERVICE_SUBJECTS, which lets it name the admin of the target.
   */
  @IsOptional()
  @IsString()
  FEEDBACK_ROUTER_TOKEN?: string;
}
