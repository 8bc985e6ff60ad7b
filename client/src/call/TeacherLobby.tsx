// The lobby on a teacher's call page, at the top: who is waiting, with the class whose code
// each used and whether its camera and microphone work; admit one or all. An arrival chimes,
// shows in the tab's title and is announced to screen readers.
import { useEffect, useRef, useState } from 'react';
import type { CallState, DeviceReadiness, ParticipantView } from '../../../shared/schemas/call';
import { readinessInWords } from '../prejoin/readiness-words';
import type { CallSession } from './call-session';

interface Props {
  call: CallState;
  session: CallSession;
  mySchools: Set<string>;
  send: (p: Promise<unknown>) => void;
}

export function TeacherLobby({ call, session, mySchools, send }: Props) {
  const lobby = call.participants.filter((p) => p.state === 'lobby');
  const mine = lobby.filter((p) => mySchools.has(p.schoolId));
  const announcement = useArrivalSignals(mine);
  const admit = (p: ParticipantView) => send(session.request('call:admit', { participantId: p.id }));
  return (
    <section aria-labelledby="lobby-h" className="lobby">
      <h2 id="lobby-h">Lobby ({lobby.length})</h2>
      <p className="visually-hidden" aria-live="assertive">
        {announcement}
      </p>
      {call.codeGuessing && <GuessingWarning notice={call.codeGuessing} />}
      {lobby.length === 0 && <p className="muted">No class device is waiting.</p>}
      {mine.length > 1 && (
        <button type="button" data-testid="lobby-admit-all" onClick={() => mine.forEach(admit)}>
          Admit all {mine.length}
        </button>
      )}
      <ul className="plain">
        {lobby.map((p) => (
          <li key={p.id} data-testid="lobby-entry" className="lobby-entry">
            <span>
              <strong>{p.name}</strong> {p.className && <span className="muted">used the code of {p.className}</span>}
              {p.readiness && <Readiness readiness={p.readiness} />}
            </span>
            {mySchools.has(p.schoolId) ? (
              <span className="actions">
                <button type="button" data-testid="admit-button" onClick={() => admit(p)}>
                  Admit
                </button>
                <button
                  type="button"
                  data-testid="deny-button"
                  className="secondary"
                  onClick={() => send(session.request('call:deny', { participantId: p.id }))}
                >
                  Deny
                </button>
              </span>
            ) : (
              <span className="muted"> (the partner school’s teacher admits this device)</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A device's camera and microphone as its pre-join check found them. */
function Readiness({ readiness }: { readiness: DeviceReadiness }) {
  const ok = readiness.camera === 'ready' && readiness.microphone === 'ready';
  return (
    <span data-testid="lobby-readiness" className={ok ? 'readiness ok' : 'readiness problem'}>
      {' · '}
      {readinessInWords(readiness)}
    </span>
  );
}

/** Someone was refused for trying many codes: only classes the teacher recognises should come in. */
function GuessingWarning({ notice }: { notice: NonNullable<CallState['codeGuessing']> }) {
  const since = new Date(notice.since).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const from = notice.addresses === 1 ? 'one device' : `${notice.addresses} devices`;
  return (
    <p role="alert" className="notices" data-testid="code-guessing-warning">
      Someone is trying many join codes on this server: {notice.refused} attempts from {from} were refused since {since}. Admit only the class you expect; if a
      name you do not recognise is waiting, deny it.
    </p>
  );
}

/** A new arrival: a short chime, the count in the tab's title, and words for screen readers. */
function useArrivalSignals(waiting: ParticipantView[]): string {
  const seen = useRef(new Set<string>());
  const [announcement, setAnnouncement] = useState('');
  const ids = waiting.map((p) => p.id).join(',');
  useEffect(() => {
    const fresh = waiting.filter((p) => !seen.current.has(p.id));
    seen.current = new Set(waiting.map((p) => p.id));
    const base = document.title.replace(TITLE_BADGE, '');
    document.title = waiting.length ? `(${waiting.length} waiting) ${base}` : base;
    if (!fresh.length) return;
    chime();
    setAnnouncement(`${fresh.map((p) => p.name).join(' and ')} waiting in the lobby.`);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `ids` stands for `waiting`
  }, [ids]);
  useEffect(() => () => void (document.title = document.title.replace(TITLE_BADGE, '')), []);
  return announcement;
}

const TITLE_BADGE = /^\(\d+ waiting\) /;

function chime(): void {
  try {
    const ctx = new AudioContext();
    const tone = ctx.createOscillator();
    const gain = ctx.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
    tone.connect(gain).connect(ctx.destination);
    tone.start();
    tone.stop(ctx.currentTime + 0.4);
    tone.onended = () => void ctx.close();
  } catch {
    // No audio output: the title and the announcement still tell.
  }
}
