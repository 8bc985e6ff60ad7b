// Raising a concern: about what the page offers (a call, a message, a board element, an
// item) or free-standing for a school. The server works out where it belongs.
import { useState } from 'react';
import { CONCERN_URGENCIES, CONCERN_URGENCY_LABELS, type ConcernSubject, type ConcernUrgency, type ConcernView } from '../../../shared/schemas/safeguarding';
import type { School } from '../api/types';
import { api } from '../api/http';
import { FormError } from '../components/FormError';
import { SchoolSelect } from '../components/SchoolSelect';
import { useFormAction } from '../components/use-form-action';
import { describeSubject } from './concern-subject';

export function NewConcernForm({
  programmeId,
  subject,
  schools,
  onRaised,
  onCancel,
  headingLevel = 3,
}: {
  /** Its heading's level where it sits: a section of the review page, or inside a call's panel. */
  headingLevel?: 2 | 3;
  programmeId: string;
  subject: ConcernSubject | null;
  schools: School[];
  onRaised: (c: ConcernView) => void;
  onCancel: () => void;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const [summary, setSummary] = useState('');
  // The school is chosen, never assumed: a concern filed under the wrong school reaches the wrong lead.
  const [schoolId, setSchoolId] = useState(schools.length === 1 ? schools[0]!.id : '');
  const [urgency, setUrgency] = useState<ConcernUrgency | ''>('');
  const { error, busy, onSubmit } = useFormAction(async () => {
    const about: ConcernSubject = subject ?? { kind: 'none', schoolId };
    onRaised(await api.post<ConcernView>(`/api/programmes/${programmeId}/concerns`, { subject: about, summary, urgency: urgency || 'routine' }));
  });
  return (
    <form className="inline-form concern-form" onSubmit={onSubmit} aria-labelledby="concern-form-h">
      <Heading id="concern-form-h">Raise a safeguarding concern</Heading>
      <p className="muted">
        About: {subject ? describeSubject(subject) : 'a pupil or a school, raised on its own'}. The safeguarding leads of the schools involved are told at once.
      </p>
      {!subject && <SchoolSelect schools={schools} value={schoolId} onChange={setSchoolId} />}
      <fieldset className="wide urgency" data-testid="concern-urgency">
        <legend>How urgent is it?</legend>
        {CONCERN_URGENCIES.map((u) => (
          <label key={u} className="choice">
            <input type="radio" name="urgency" value={u} required checked={urgency === u} onChange={() => setUrgency(u)} /> {CONCERN_URGENCY_LABELS[u]}
          </label>
        ))}
      </fieldset>
      {urgency === 'immediate-risk' && (
        <div role="alert" className="notices urgent">
          <p>
            <strong>Act now, before you finish this form:</strong>
          </p>
          <ul>
            <li>If a child is in immediate danger, call 999.</li>
            <li>Tell your school’s designated safeguarding lead in person or by phone now; do not wait for them to read this.</li>
            <li>Then record what happened here: the leads get it marked urgent.</li>
          </ul>
        </div>
      )}
      <label className="wide">
        What happened, and why it worries you
        <textarea data-testid="concern-summary" value={summary} onChange={(e) => setSummary(e.target.value)} required maxLength={4000} rows={4} />
      </label>
      <div className="actions">
        <button type="submit" data-testid="concern-submit" disabled={busy}>
          {busy ? 'Sending…' : 'Raise the concern'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <FormError message={error} />
    </form>
  );
}
