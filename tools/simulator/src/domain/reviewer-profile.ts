/** A simulated reviewer: how often they judge right, how long they take, and how often they approve without looking. */
export interface ReviewerProfile {
  id: string;
  /** Leads also work escalated tasks (disagreements, SLA breaches). */
  role: 'reviewer' | 'lead';
  /** Probability of the right verdict when they actually look. */
  accuracy: number;
  /** Mean seconds spent on a task before the verdict. */
  secondsPerTask: number;
  /** Share of tasks approved without looking (rubber-stamping), whatever the truth. */
  rubberStampShare: number;
}

export interface ReviewerTeamSettings {
  size: number;
  accuracy: number;
  secondsPerTask: number;
  rubberStampShare: number;
}

/**
 * A team of `size` reviewers, the first third of them (at least one) leads: escalations need leads, and an escalated
 * four-eyes task needs two leads who have not judged it yet. All alike otherwise.
 */
export function reviewerTeam(settings: ReviewerTeamSettings, prefix = 'sim-reviewer'): ReviewerProfile[] {
  const leads = Math.max(1, Math.ceil(settings.size / 3));
  return Array.from({ length: settings.size }, (_, index) => ({
    id: `${prefix}-${index + 1}`,
    role: index < leads ? 'lead' : 'reviewer',
    accuracy: settings.accuracy,
    secondsPerTask: settings.secondsPerTask,
    rubberStampShare: settings.rubberStampShare,
  }));
}
