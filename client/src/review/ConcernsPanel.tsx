// The DSL's concerns: the list in their scope, and one concern with its record, its
// history of decisions and reasons, the next status (with both required), and exports.
import { useState } from 'react';
import type { LogEventView } from '../../../shared/schemas/log';
import { CONCERN_TRANSITIONS } from '../../../shared/safeguarding/concern-rules';
import { CONCERN_STATUS_LABELS, type ConcernStatus, type ConcernView } from '../../../shared/schemas/safeguarding';
import { api } from '../api/http';
import { useResource } from '../api/use-resource';
import { FormError } from '../components/FormError';
import { useFormAction } from '../components/use-form-action';
import { describeSubject } from './concern-subject';
import { describeEvent } from './event-kinds';

export function ConcernsPanel({ openId, concerns, reload }: { openId?: string; concerns: ConcernView[]; reload: () => void }) {
  const [selected, setSelected] = useState(openId);
  return (
    <section aria-labelledby="concerns-h">
      <h2 id="concerns-h">Concerns</h2>
      {concerns.length === 0 && <p className="muted">No concerns have been raised in your scope.</p>}
      <ul className="plain concern-list">
        {concerns.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className={`link-button${c.id === selected ? ' selected' : ''}`}
              onClick={() => setSelected(c.id)}
              data-testid="concern-item"
              data-status={c.status}
            >
              <span className={`badge concern-${c.status}`}>{CONCERN_STATUS_LABELS[c.status]}</span> {c.summary.slice(0, 90)}
              <span className="muted">
                {' '}
                — {c.raisedBy}, {new Date(c.createdAt).toLocaleDateString()}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {selected && <ConcernDetail key={selected} id={selected} onChanged={reload} />}
    </section>
  );
}

function ConcernDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { data, error, reload } = useResource<{ concern: ConcernView; record: LogEventView[] }>(`/api/concerns/${id}`);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p role="status">Loading the concern…</p>;
  const c = data.concern;
  return (
    <article className="card concern-detail" aria-labelledby="concern-detail-h">
      <h3 id="concern-detail-h">
        Concern about {describeSubject(c.subject)}{' '}
        <span className={`badge concern-${c.status}`} data-testid="concern-current-status">
          {CONCERN_STATUS_LABELS[c.status]}
        </span>
      </h3>
      <p>{c.summary}</p>
      {c.context && <blockquote>{c.context}</blockquote>}
      <p className="muted">
        Raised by {c.raisedBy} on {new Date(c.createdAt).toLocaleString()}.
      </p>
      <h4>Decisions</h4>
      {c.changes.length === 0 ? (
        <p className="muted">No decision yet.</p>
      ) : (
        <ol className="decisions">
          {c.changes.map((ch) => (
            <li key={ch.at}>
              <strong>
                {CONCERN_STATUS_LABELS[ch.from]} → {CONCERN_STATUS_LABELS[ch.to]}
              </strong>{' '}
              by {ch.by}, {new Date(ch.at).toLocaleString()}: {ch.decision}. <em>Why:</em> {ch.reason}
            </li>
          ))}
        </ol>
      )}
      <StatusForm
        key={c.status}
        concern={c}
        onDone={() => {
          reload();
          onChanged();
        }}
      />
      <p className="actions">
        <a className="button" href={`/api/concerns/${c.id}/export?format=pdf`} data-testid="export-pdf">
          Export the record as PDF
        </a>
        <a className="button secondary" href={`/api/concerns/${c.id}/export?format=csv`}>
          Export as CSV
        </a>
      </p>
      <details>
        <summary>Its record in the safeguarding log ({data.record.length} events)</summary>
        <ol className="plain">
          {data.record.map((e) => (
            <li key={e.seq}>
              #{e.seq} {new Date(e.at).toLocaleString()} — {describeEvent(e)}
            </li>
          ))}
        </ol>
      </details>
    </article>
  );
}

function StatusForm({ concern, onDone }: { concern: ConcernView; onDone: () => void }) {
  const next = CONCERN_TRANSITIONS[concern.status];
  const [status, setStatus] = useState<ConcernStatus>(next[0]!);
  const [decision, setDecision] = useState('');
  const [reason, setReason] = useState('');
  const { error, busy, onSubmit } = useFormAction(async () => {
    await api.post(`/api/concerns/${concern.id}/status`, { status, decision, reason });
    setDecision('');
    setReason('');
    onDone();
  });
  return (
    <form className="inline-form" onSubmit={onSubmit} aria-labelledby="status-form-h">
      <h4 id="status-form-h">Record a decision</h4>
      <label>
        New status
        <select value={next.includes(status) ? status : next[0]} onChange={(e) => setStatus(e.target.value as ConcernStatus)} data-testid="concern-status">
          {next.map((s) => (
            <option key={s} value={s}>
              {CONCERN_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        Decision
        <input value={decision} onChange={(e) => setDecision(e.target.value)} required maxLength={2000} data-testid="concern-decision" />
      </label>
      <label className="wide">
        Reason for the decision
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={4000} rows={3} data-testid="concern-reason" />
      </label>
      <button type="submit" disabled={busy} data-testid="concern-status-submit">
        {busy ? 'Recording…' : 'Record the decision'}
      </button>
      <FormError message={error} />
    </form>
  );
}
