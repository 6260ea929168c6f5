import { useEffect, useState } from 'react';
import { RiskRuleUpdate, riskRuleUpdates } from '../api/risk-rule-updates';
import { uiConfig } from '../api/ui-config';
import { changeText, outcomeText, rulesText } from '../domain/risk-rule-update-text';
import { Session } from '../session';

/**
 * What risk control did with each rule change it learned, newest first (issue #15): applied at once (more oversight),
 * proposed for a second admin, or recorded as advice for a workflow that has not opted in — with the rules each change
 * leaves in force and the evidence in its note. Where a team reads what the evidence would allow before opting in.
 */
export function RiskRuleUpdates({ session }: { session: Session }) {
  const [updates, setUpdates] = useState<RiskRuleUpdate[] | null>();

  useEffect(() => {
    uiConfig()
      .then((config) => riskRuleUpdates(config, session.token))
      .then(
        (answer) => setUpdates(answer ?? null),
        () => setUpdates(null),
      );
  }, [session.token]);

  return (
    <section aria-labelledby="risk-rule-updates-title" className="risk-rule-updates">
      <h2 id="risk-rule-updates-title">Risk control: learned rule changes</h2>
      {updates === undefined && <p>Loading…</p>}
      {updates === null && <p className="no-data">No data: the feedback service has not answered.</p>}
      {updates && updates.length === 0 && (
        <p className="no-data">
          No rule changes yet: a workflow with a risk budget starts in full review until its evidence certifies a rule.
        </p>
      )}
      {updates && updates.length > 0 && (
        <table>
          <caption>Rule changes risk control learned, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Recorded</th>
              <th scope="col">Workflow</th>
              <th scope="col">Change</th>
              <th scope="col">What happened</th>
              <th scope="col">Rules in force after it</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {updates.map((update, index) => (
              <tr key={`${update.recordedAt}-${update.workflow}-${index}`}>
                <td>
                  <time dateTime={update.recordedAt}>{new Date(update.recordedAt).toLocaleString()}</time>
                </td>
                <th scope="row">{update.workflow}</th>
                <td>{changeText(update)}</td>
                <td>{outcomeText(update)}</td>
                <td>
                  <ul>
                    {rulesText(update).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </td>
                <td className="note">{update.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
