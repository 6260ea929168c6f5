import { TaskDetail } from '../api/review-api';
import { EvidenceItem, evidenceItems, highlightSegments } from '../domain/evidence';
import { showValue } from '../domain/output-diff';
import { explainRouting, RuleConditions } from '../domain/routing-reasons';

/** The AI's output, its confidence, and why the decision is in front of the reviewer. */
export function DecisionPanel({ task, rules }: { task: TaskDetail; rules: RuleConditions }) {
  const { decision, routing } = task;
  const reasons = explainRouting(routing, decision.confidence, rules);
  return (
    <section className="panel decision" aria-labelledby="decision-title">
      <h2 id="decision-title">AI output</h2>
      <p className="meta">
        {decision.model.name} {decision.model.version} · confidence{' '}
        <strong className={decision.confidence < routing.threshold ? 'low' : undefined}>
          {decision.confidence.toFixed(2)}
        </strong>{' '}
        · policy v{routing.policyVersion}, trust level {routing.trustLevel}
        {task.requiredApprovals > 1 && ` · needs ${task.requiredApprovals} approvals`}
        {(task.hiddenJudgments ?? 0) > 0 &&
          ` · ${task.hiddenJudgments} earlier judgment${task.hiddenJudgments === 1 ? '' : 's'} hidden until the task is complete (blind review)`}
      </p>
      <dl className="output">
        {Object.entries(decision.output).map(([field, value]) => (
          <div key={field}>
            <dt>{field}</dt>
            <dd>{showValue(value)}</dd>
          </div>
        ))}
      </dl>
      <h3>Why this is here</h3>
      <ul className="reasons">
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {decision.flags.length > 0 && <p className="meta">Flags: {decision.flags.join(', ')}</p>}
    </section>
  );
}

/** What the decision came from: the document with extracted terms highlighted, the input the model saw, links. */
export function EvidencePanel({ task }: { task: TaskDetail }) {
  const { decision } = task;
  const items = evidenceItems(decision.evidence, decision.output);
  const facts = { ...decision.attributes, ...decision.input };
  return (
    <section className="panel evidence" aria-labelledby="evidence-title">
      <h2 id="evidence-title">Evidence</h2>
      {items.length === 0 && <p className="meta">The decision carries no evidence.</p>}
      {items.map((item) => (
        <EvidenceBlock key={`${item.kind}:${item.label}`} item={item} />
      ))}
      {Object.keys(facts).length > 0 && (
        <>
          <h3>What the model saw</h3>
          <dl className="facts">
            {Object.entries(facts).map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{showValue(value)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

function EvidenceBlock({ item }: { item: EvidenceItem }) {
  if (item.kind === 'link') {
    return (
      <p>
        {item.label}:{' '}
        <a href={item.url} target="_blank" rel="noreferrer">
          {item.url}
        </a>
      </p>
    );
  }
  if (item.kind === 'value') {
    return (
      <p>
        {item.label}: <code>{item.value}</code>
      </p>
    );
  }
  return (
    <figure className="quote">
      <figcaption>
        {item.label}
        {item.page !== undefined && ` · page ${item.page}`}
      </figcaption>
      <blockquote>
        {highlightSegments(item.text, item.spans).map((segment, index) =>
          segment.highlight ? (
            <mark key={index} title={segment.field}>
              {segment.text}
            </mark>
          ) : (
            <span key={index}>{segment.text}</span>
          ),
        )}
      </blockquote>
    </figure>
  );
}
