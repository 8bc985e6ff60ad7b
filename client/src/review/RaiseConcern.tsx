// "Raise a concern" where staff see something: in a call (about the call or one chat
// message). The programme is read from the call; the form is the review page's.
import { useState } from 'react';
import type { ConcernSubject } from '../../../shared/schemas/safeguarding';
import { useResource } from '../api/use-resource';
import { NewConcernForm } from './NewConcernForm';

export function RaiseConcern({ callId, subject, onClose }: { callId: string; subject: ConcernSubject; onClose: () => void }) {
  const { data: call, error } = useResource<{ programmeId: string }>(`/api/calls/${callId}`);
  const programmeId = call?.programmeId;
  const [done, setDone] = useState(false);
  if (error) return <p role="alert">{error}</p>;
  if (done)
    return (
      <p role="status" className="status-banner live">
        Your concern was recorded and the safeguarding leads were told.{' '}
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </p>
    );
  if (!programmeId) return <p role="status">Opening the form…</p>;
  return <NewConcernForm programmeId={programmeId} subject={subject} schools={[]} onRaised={() => setDone(true)} onCancel={onClose} />;
}
