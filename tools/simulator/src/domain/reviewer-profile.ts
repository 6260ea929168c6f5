/** A simulated reviewer: how often they judge right, how long they take, and how often they approve without looking. */
export interface ReviewerProfile {
  id: string;
  /** Leads work the escalated tasks (disagreements, SLA breaches); reviewers the rest. */
  role: 'reviewer' | 'lead';
  /** Probability of the right verdict when they actually look. */
  accuracy: number;
  /** Mean seconds spent on a task before the verdict. */
  secondsPerTask: number;
  /** Share of tasks approved without looking (rubber-stamping), whatever the truth, in a tenth of the usual time. */
  rubberStampShare: number;
  /**
   * Probability that a rubber-stamper the guard prompts goes back and reads the task (then judges it as when looking).
   * An assumption of the simulation, not a measurement: the run reports it beside the guard's effect.
   */
  reconsiderShare: number;
}

export interface ReviewerTeamSettings {
  size: number;
  accuracy: number;
  secondsPerTask: number;
  rubberStampShare: number;
  reconsiderShare: number;
}

/**
 * A team of `size` reviewers: two leads (one when the team is smaller than three) and the rest reviewers. Leads are
 * the referees: they take only escalated tasks and judge them right, without rubber-stamping. An escalated four-eyes
 * task needs two leads who have not judged it yet, and a disagreement among leads would set both aside for good.
 */
export function reviewerTeam(settings: ReviewerTeamSettings, prefix = 'sim-reviewer'): ReviewerProfile[] {
  const leads = settings.size >= 3 ? 2 : 1;
  return Array.from({ length: settings.size }, (_, index) =>
    index < leads
      ? {
          id: `${prefix}-lead-${index + 1}`,
          role: 'lead',
          accuracy: 1,
          secondsPerTask: settings.secondsPerTask,
          rubberStampShare: 0,
          reconsiderShare: settings.reconsiderShare,
        }
      : {
          id: `${prefix}-${index + 1 - leads}`,
          role: 'reviewer',
          accuracy: settings.accuracy,
          secondsPerTask: settings.secondsPerTask,
          rubberStampShare: settings.rubberStampShare,
          reconsiderShare: settings.reconsiderShare,
        },
  );
}
