// Ending a call is for everyone and cannot be undone: it asks first. Afterwards the teacher
// sees what comes next instead of a silent, dead call screen.
import { useState } from 'react';
import { Link } from 'react-router';
import type { CallState } from '../../../shared/schemas/call';

export function EndCallButton({ onEnd, disabled }: { onEnd: () => void; disabled: boolean }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="danger" data-testid="end-call" disabled={disabled} onClick={() => setConfirming(true)}>
        End the call for everyone…
      </button>
    );
  }
  return (
    <div className="confirm" role="alertdialog" aria-labelledby="end-confirm-q" aria-describedby="end-confirm-d">
      <p id="end-confirm-q">
        <strong>End the call for both classes?</strong>
      </p>
      <p id="end-confirm-d">Everyone leaves at once, and this call cannot be restarted (you can start a new one).</p>
      <div className="actions">
        <button type="button" className="danger" data-testid="end-confirm" onClick={onEnd}>
          Yes, end the call
        </button>
        <button type="button" className="secondary" onClick={() => setConfirming(false)} autoFocus>
          Keep the call going
        </button>
      </div>
    </div>
  );
}

/** The teacher's screen once the call has ended: what comes next in the linking year. */
export function TeacherCallEnded({ call }: { call: CallState }) {
  const classes = call.participants.filter((p) => p.kind === 'device').map((p) => p.name);
  return (
    <section className="call-ended" data-testid="call-ended" aria-labelledby="call-ended-h">
      <h2 id="call-ended-h">The call has ended</h2>
      {classes.length > 0 && <p className="lead">{classes.join(' and ')} took part.</p>}
      <h3>What comes next</h3>
      <ul>
        <li>
          <Link to="/">Mark this step of the year as done</Link> on your dashboard (“{call.title}”).
        </li>
        <li>
          <Link to={`/links/${call.linkId}/exchange`}>Post your class’s work to the exchange wall</Link>, so the partner class can reply before the next call.
        </li>
        <li>Agree the date of the next call with the partner teacher, then start it from your dashboard on the day.</li>
        <li>If anything in the call worried you, raise a safeguarding concern below: it goes to your school’s safeguarding lead.</li>
      </ul>
    </section>
  );
}
