// Raising a concern: about what the page offers (a call, a message, a board element, an
// item) or free-standing for a school. The server works out where it belongs.
import { useState } from 'react';
import type { ConcernSubject, ConcernView } from '../../../shared/schemas/safeguarding';
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
}: {
  programmeId: string;
  subject: ConcernSubject | null;
  schools: School[];
  onRaised: (c: ConcernView) => void;
  onCancel: () => void;
}) {
  const [summary, setSummary] = useState('');
  const [schoolId, setSchoolId] = useState(schools[0]?.id ?? '');
  const { error, busy, onSubmit } = useFormAction(async () => {
    const about: ConcernSubject = subject ?? { kind: 'none', schoolId: schoolId || schools[0]?.id || '' };
    onRaised(await api.post<ConcernView>(`/api/programmes/${programmeId}/concerns`, { subject: about, summary }));
  });
  return (
    <form className="inline-form concern-form" onSubmit={onSubmit} aria-labelledby="concern-form-h">
      <h3 id="concern-form-h">Raise a safeguarding concern</h3>
      <p className="muted">
        About: {subject ? describeSubject(subject) : 'a school, free-standing'}. The safeguarding leads of the schools involved are told at once.
      </p>
      {!subject && <SchoolSelect schools={schools} value={schoolId || schools[0]?.id || ''} onChange={setSchoolId} />}
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
