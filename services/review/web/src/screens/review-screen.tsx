import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/http';
import { workflowPolicies } from '../api/oversight';
import { ReviewApi, TaskDetail, VerdictRequest } from '../api/review-api';
import { uiConfig } from '../api/ui-config';
import { apiFieldErrors, formFields, FormValues, initialValues, JsonSchema, readForm } from '../domain/correction-form';
import { keyAction, ReviewMode } from '../domain/keymap';
import { REASON_CODES } from '../domain/reason-codes';
import { formatDuration } from '../domain/review-clock';
import {
  afterApproval,
  evidenceChars,
  FRESH_GUARD,
  GuardState,
  judgeApproval,
  PastJudgment,
} from '@countersign/contracts/rubber-stamp-guard';
import { RuleConditions } from '../domain/routing-reasons';
import { Session } from '../session';
import { ShortcutHelp } from './shortcut-help';
import { DecisionPanel, EvidencePanel } from './task-panels';
import { useLeaseKeeper } from './use-lease-keeper';
import { VerdictPanel } from './verdict-panel';

type Loaded = { state: 'loading' } | { state: 'empty' } | { state: 'task'; task: TaskDetail; loadedAt: number };

const VERDICT_WORDS = { approve: 'Approved', reject: 'Rejected', correct: 'Corrected' } as const;

/** One task at a time of a workflow's queue; the next is claimed the moment a verdict is accepted. */
export function ReviewScreen({
  session,
  workflow,
  openTask,
  onLeave,
}: {
  session: Session;
  workflow: string;
  /** A task named by a link (a webhook notice): claimed first, then the queue goes on in its order. */
  openTask?: string;
  onLeave: () => void;
}) {
  const api = useMemo(() => new ReviewApi(session.token), [session.token]);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [mode, setMode] = useState<ReviewMode>('reading');
  const [helpOpen, setHelpOpen] = useState(false);
  const [reasonIndex, setReasonIndex] = useState<number>();
  const [comment, setComment] = useState('');
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Fields edited since the last submit show their problem live; the others keep the one the submit found.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState('');
  const [schema, setSchema] = useState<JsonSchema>();
  const [history, setHistory] = useState<PastJudgment[]>([]);
  // The prompt's rate limit counts this reviewer's approvals on the workflow for the browser tab's session, so leaving
  // the queue and coming back does not reset it.
  const guardKey = `countersign.rubber-stamp.${session.user.principal.subject}.${workflow}`;
  const guard = useRef<GuardState>(readGuard(guardKey));
  // Whether this task's prompt was shown: the verdict reports it, so feedback can measure the prompt's effect.
  const promptedTask = useRef<string | undefined>(undefined);
  const [usualMs, setUsualMs] = useState(0);
  const [rules, setRules] = useState<RuleConditions>({});
  const busy = useRef(false);
  const linkedTask = useRef(openTask);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstField = useRef<HTMLInputElement & HTMLTextAreaElement & HTMLSelectElement>(null);

  const task = loaded.state === 'task' ? loaded.task : undefined;
  const fields = useMemo(() => (task ? formFields(schema, task.decision.output) : []), [schema, task]);

  const loadNext = useCallback(async () => {
    setLoaded({ state: 'loading' });
    try {
      const linked = linkedTask.current;
      linkedTask.current = undefined;
      const next = linked
        ? await api.claim(linked).catch((failure: Error) => {
            setStatus(`The linked task could not be opened (${failure.message}); here is the next in the queue.`);
            return api.next(workflow);
          })
        : await api.next(workflow);
      setLoaded(next ? { state: 'task', task: next, loadedAt: Date.now() } : { state: 'empty' });
    } catch (failure) {
      setStatus(`Could not claim a task: ${(failure as Error).message}`);
      setLoaded({ state: 'empty' });
    }
  }, [api, workflow]);

  useEffect(() => {
    void api.outputSchema(workflow).then((found) => setSchema(found as JsonSchema | undefined));
    void api.myRecentJudgments(workflow).then(setHistory, () => undefined);
    void uiConfig()
      .then((config) => workflowPolicies(config, session.token))
      .then((policies) => {
        const policy = policies?.find((entry) => entry.workflow === workflow)?.policy;
        setRules(Object.fromEntries((policy?.alwaysReview ?? []).map((rule) => [rule.name, rule.when])));
      })
      .catch(() => undefined);
    void loadNext();
  }, [api, workflow, session.token, loadNext]);

  // A new task: back to reading, the form filled with the AI's output, the focus on the task (letters are commands).
  useEffect(() => {
    if (!task) return;
    setMode('reading');
    setReasonIndex(undefined);
    setComment('');
    setErrors({});
    setTouched(new Set());
    setValues(initialValues(formFields(schema, task.decision.output), task.decision.output));
    heading.current?.focus();
  }, [task, schema]);

  useEffect(() => {
    if (mode === 'correct') firstField.current?.focus();
  }, [mode]);

  // Leaving the screen hands an unfinished task back to the queue at once rather than when its lease runs out.
  const held = useRef<TaskDetail>(undefined);
  held.current = task;
  useEffect(
    () => () => {
      const unfinished = held.current;
      if (unfinished && !busy.current) void api.release(unfinished.id).catch(() => undefined);
    },
    [api],
  );

  const onRenewed = useCallback(
    (expiresAt: string) =>
      setLoaded((current) =>
        current.state === 'task' && current.task.lease
          ? { ...current, task: { ...current.task, lease: { ...current.task.lease, expiresAt } } }
          : current,
      ),
    [],
  );
  const now = useLeaseKeeper(api, task, onRenewed);
  const timeOnTaskMs = loaded.state === 'task' ? now - loaded.loadedAt : 0;
  const reading = task && mode === 'correct' ? readForm(fields, values) : undefined;

  const send = useCallback(
    async (verdict: VerdictRequest) => {
      if (!task) return;
      busy.current = true;
      try {
        const prompted = promptedTask.current === task.id;
        // Reconsidered: the reviewer left the prompt (Esc) and gave this verdict after another look.
        const reconsidered = prompted && mode !== 'confirm-fast-approve';
        await api.complete(task.id, prompted ? { ...verdict, guard: { prompted, reconsidered } } : verdict);
        if (verdict.verdict === 'approve')
          guard.current = afterApproval(guard.current, mode === 'confirm-fast-approve');
        sessionStorage.setItem(guardKey, String(guard.current.approvalsSincePrompt));
        // The yardstick follows the reviewer: the verdict just given is part of their recent pace from now on.
        void api.myRecentJudgments(workflow).then(setHistory, () => undefined);
        setStatus(`${VERDICT_WORDS[verdict.verdict]} ${task.decisionId}. Next task loaded.`);
        await loadNext();
      } catch (failure) {
        const fieldErrors = failure instanceof ApiError ? failure.fieldErrors : [];
        setErrors(fieldErrors.length > 0 ? apiFieldErrors(fieldErrors) : { '': (failure as Error).message });
        setStatus(`Not accepted: ${(failure as Error).message}`);
      } finally {
        busy.current = false;
      }
    },
    [api, task, loadNext, mode, workflow, guardKey],
  );

  const submit = useCallback(() => {
    if (mode === 'approve' && loaded.state === 'task') {
      const approval = {
        timeOnTaskMs: Date.now() - loaded.loadedAt,
        evidenceChars: evidenceChars(loaded.task.decision.evidence),
      };
      const verdict = judgeApproval(history, approval, guard.current);
      if (verdict.prompt) {
        setUsualMs(verdict.usualMs ?? 0);
        promptedTask.current = loaded.task.id;
        setMode('confirm-fast-approve');
        return;
      }
    }
    if (mode === 'approve' || mode === 'confirm-fast-approve') return void send({ verdict: 'approve' });
    if (mode === 'reject') {
      if (reasonIndex === undefined) return setErrors({ reasonCode: `Pick a reason first: 1–${REASON_CODES.length}` });
      const reasonCode = REASON_CODES[reasonIndex].code;
      return void send({ verdict: 'reject', reasonCode, ...(comment.trim() && { comment }) });
    }
    if (mode === 'correct' && reading) {
      setTouched(new Set());
      if (!reading.ok) return setErrors(reading.errors);
      return void send({ verdict: 'correct', correction: reading.correction });
    }
  }, [mode, loaded, history, send, reasonIndex, comment, reading]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!task || busy.current) return;
      const target = event.target as HTMLElement;
      const isText =
        target instanceof HTMLTextAreaElement ||
        target instanceof HTMLSelectElement ||
        (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type));
      const action = keyAction(helpOpen ? 'help' : mode, {
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inTextControl: isText,
        inMultiline: target instanceof HTMLTextAreaElement,
      });
      if (action.type === 'none') return;
      event.preventDefault();
      if (action.type === 'help') return setHelpOpen((open) => !open);
      if (action.type === 'cancel') {
        if (helpOpen) return setHelpOpen(false);
        setMode('reading');
        setErrors({});
        return heading.current?.focus();
      }
      if (action.type === 'choose') {
        setErrors({});
        return setMode(action.verdict);
      }
      if (action.type === 'reason') {
        if (action.index < REASON_CODES.length) setReasonIndex(action.index);
        return;
      }
      submit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [task, mode, helpOpen, submit]);

  if (loaded.state === 'loading') return <p aria-live="polite">Claiming the next task…</p>;
  if (loaded.state === 'empty' || !task) {
    return (
      <section aria-live="polite">
        <h1>{workflow}: nothing to review</h1>
        {status && <p>{status}</p>}
        <button type="button" autoFocus onClick={onLeave}>
          Back to queues
        </button>
      </section>
    );
  }

  const liveErrors = reading && !reading.ok ? reading.errors : {};
  const shownErrors = Object.fromEntries(
    [...new Set([...Object.keys(errors), ...touched])].flatMap((name) => {
      const error = touched.has(name) ? liveErrors[name] : errors[name];
      return error === undefined ? [] : [[name, error]];
    }),
  );
  const leaseLeftMs = task.lease ? Date.parse(task.lease.expiresAt) - now : 0;
  return (
    <section className={mode === 'correct' ? 'review correcting' : 'review'} aria-labelledby="task-title">
      <div className="task-bar">
        <h1 id="task-title" tabIndex={-1} ref={heading}>
          {workflow} · {task.decisionId}
        </h1>
        <span className="clock" aria-label="time on task">
          on task {formatDuration(timeOnTaskMs)}
        </span>
        <span className={leaseLeftMs < 60_000 ? 'clock warn' : 'clock'} aria-label="lease left">
          lease {formatDuration(leaseLeftMs)}
        </span>
        <button type="button" className="link" onClick={() => setHelpOpen(true)}>
          ? shortcuts
        </button>
        <button type="button" className="link" onClick={onLeave}>
          Back to queues
        </button>
      </div>
      <div className="columns">
        <DecisionPanel task={task} rules={rules} />
        <EvidencePanel task={task} />
      </div>
      <div className="verdict" aria-label="Verdict">
        <div className="verdict-buttons" role="group" aria-label="Choose a verdict">
          {(['approve', 'reject', 'correct'] as const).map((verdict) => (
            <button
              key={verdict}
              type="button"
              aria-pressed={mode === verdict}
              className={`verdict-${verdict}`}
              onClick={() => setMode(verdict)}
            >
              <kbd>{{ approve: 'A', reject: 'R', correct: 'E' }[verdict]}</kbd> {verdict}
            </button>
          ))}
          {mode !== 'reading' && (
            <button type="button" className="submit" onClick={submit}>
              Submit <kbd>Enter</kbd>
            </button>
          )}
        </div>
        <VerdictPanel
          mode={mode}
          reasonIndex={reasonIndex}
          comment={comment}
          onComment={setComment}
          fields={fields}
          values={values}
          errors={shownErrors}
          onValue={(name, value) => {
            setValues((current) => ({ ...current, [name]: value }));
            setTouched((current) => new Set(current).add(name));
          }}
          aiOutput={task.decision.output}
          correction={reading?.ok ? reading.correction : undefined}
          timeOnTaskMs={timeOnTaskMs}
          medianMs={usualMs}
          firstField={firstField}
        />
      </div>
      <p className="status" role="status" aria-live="polite">
        {status}
      </p>
      {helpOpen && <ShortcutHelp />}
    </section>
  );
}

function readGuard(key: string): GuardState {
  const stored = Number(sessionStorage.getItem(key) ?? Number.NaN);
  return Number.isFinite(stored) && stored >= 0 ? { approvalsSincePrompt: stored } : FRESH_GUARD;
}
