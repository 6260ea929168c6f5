import { useState } from 'react';
import { evidencePack } from '../api/oversight-series';
import { uiConfig } from '../api/ui-config';
import { Session } from '../session';

/** The signed evidence pack of a workflow and period, saved as one JSON file (verify with npm run evidence:verify). */
export function EvidencePackDownload(props: { session: Session; workflow: string; from: string; to: string }) {
  const [from, setFrom] = useState(props.from.slice(0, 10));
  const [to, setTo] = useState(props.to.slice(0, 10));
  const [status, setStatus] = useState<string>();

  const download = async () => {
    setStatus('Preparing the evidence pack…');
    try {
      const config = await uiConfig();
      const pack = await evidencePack(
        config,
        props.session.token,
        props.workflow,
        `${from}T00:00:00Z`,
        `${to}T00:00:00Z`,
      );
      const link = document.createElement('a');
      link.href = URL.createObjectURL(pack.blob);
      link.download = pack.name;
      link.click();
      URL.revokeObjectURL(link.href);
      setStatus(`Saved ${pack.name}: verify it offline with npm run evidence:verify -- ${pack.name}`);
    } catch (error) {
      setStatus(`Could not make the evidence pack: ${(error as Error).message}`);
    }
  };

  return (
    <section aria-labelledby="evidence-title" className="evidence">
      <h2 id="evidence-title">Evidence pack</h2>
      <p className="meta">
        Policy versions, routing reasons, sample sizes, error and catch rates with intervals, escalations, expiries,
        reviewer activity and the audit trail check, as JSON, CSV and HTML signed with the audit checkpoint key.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void download();
        }}
      >
        <label>
          From <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
        </label>{' '}
        <label>
          To (exclusive) <input type="date" value={to} onChange={(event) => setTo(event.target.value)} required />
        </label>{' '}
        <button type="submit">Download evidence pack</button>
      </form>
      <p className="status" role="status">
        {status}
      </p>
    </section>
  );
}
