import { useState } from 'react';
import { useParams } from 'react-router';
import type { CallState, ParticipantView } from '../../../shared/schemas/call';
import { BoardSection } from '../board/BoardSection';
import { CallView } from '../call/CallView';
import { ChatPanel } from '../call/ChatPanel';
import { ClassControls } from '../call/ClassControls';
import { PresentWorkControl } from '../call/PresentWorkControl';
import { TeacherLobby } from '../call/TeacherLobby';
import { EndCallButton, TeacherCallEnded } from '../call/EndCall';
import { useCallSession } from '../call/use-call-session';
import { markJoinStep } from '../call/join-steps';
import type { CallSession } from '../call/call-session';
import { Layout } from '../components/Layout';
import { RaiseConcern } from '../review/RaiseConcern';
import { useShallow } from 'zustand/react/shallow';
import { useCallStore } from '../stores/call-store';
import { useSession } from '../stores/session-store';

const showError = (e: unknown) => useCallStore.getState().setError(e instanceof Error ? e.message : String(e));
/** Sends a teacher's action; a refusal shows on the page. */
const send = (p: Promise<unknown>) => void p.catch(showError);

/** A teacher's view of a call: the room, plus the lobby, codes and moderation. */
export function TeacherCallPage() {
  const { callId = '' } = useParams();
  markJoinStep('call-page-rendered');
  const session = useCallSession({ kind: 'teacher', callId });
  // Audio levels and streams change often; this page re-renders only for what it shows.
  const { call, phase, error, removedReason } = useCallStore(
    useShallow((s) => ({ call: s.call, phase: s.phase, error: s.error, removedReason: s.removedReason })),
  );
  if (removedReason) {
    return (
      <Layout>
        <h1>Not in the call here</h1>
        <p role="alert">{removedReason}</p>
        <button type="button" onClick={() => window.location.reload()}>
          Open the call here instead
        </button>
      </Layout>
    );
  }
  return (
    <Layout>
      {!call && <p role="status">{phase === 'failed' ? `Could not join the call: ${error}` : 'Joining the call…'}</p>}
      {call && session && (
        <div className="teacher-call">
          <div className="call-main">
            <h1 className="call-title">{call.title}</h1>
            {call.status === 'ended' && <TeacherCallEnded call={call} />}
            <CallView
              call={call}
              onTileWidth={session.preferLayers}
              tileControls={(p) => p.kind === 'device' && p.state !== 'lobby' && <ClassControls p={p} call={call} session={session} send={send} />}
            />
            <BoardSection call={call} transport={session.transport} />
          </div>
          <ModerationPanel call={call} session={session} />
        </div>
      )}
    </Layout>
  );
}

function ModerationPanel({ call, session }: { call: CallState; session: CallSession }) {
  const mySchools = new Set((useSession((s) => s.session)?.grants ?? []).flatMap((g) => (g.role === 'teacher' && g.schoolId ? [g.schoolId] : [])));
  const present = call.participants.filter((p) => p.state !== 'lobby');
  const ended = call.status === 'ended';
  return (
    <aside className="moderation" aria-label="Teacher controls">
      <TeacherLobby call={call} session={session} mySchools={mySchools} send={send} />
      {call.codes && (
        <section aria-labelledby="codes-h">
          <h2 id="codes-h">Join codes for class devices</h2>
          <p className="muted">Open {window.location.origin}/join on the classroom laptop and type the code.</p>
          <ul className="plain">
            {call.codes.map((c) => (
              <li key={c.classId}>
                {c.className}: <code className="join-code">{c.revoked ? 'revoked' : c.code}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="agenda-h">
        <h2 id="agenda-h">Agenda</h2>
        <ol className="agenda-list">
          {call.agenda.steps.map((s, i) => (
            <li key={s.title} aria-current={i === call.agenda.current ? 'step' : undefined}>
              {s.title} <span className="muted">({s.durationMin} min)</span>
            </li>
          ))}
        </ol>
        <div className="actions">
          <button type="button" className="secondary" disabled={ended} onClick={() => send(session.request('call:agenda', { direction: 'back' }))}>
            Back
          </button>
          <button type="button" data-testid="agenda-next" disabled={ended} onClick={() => send(session.request('call:agenda', { direction: 'next' }))}>
            Next step
          </button>
        </div>
      </section>
      <section aria-labelledby="people-h">
        <h2 id="people-h">In the call</h2>
        <ScreenShare session={session} disabled={ended} onError={showError} />
        <div className="actions">
          <button type="button" data-testid="mute-all" disabled={ended} onClick={() => send(session.request('call:mute-all', {}))}>
            Mute all classes
          </button>
          {call.micHolder && (
            <button type="button" className="secondary" onClick={() => send(session.request('call:pass-mic', { participantId: null }))}>
              Take the microphone back
            </button>
          )}
          {call.spotlight && (
            <button type="button" className="secondary" onClick={() => send(session.request('call:spotlight', { participantId: null }))}>
              End spotlight
            </button>
          )}
          <button
            type="button"
            className="secondary"
            aria-pressed={call.audioOnly}
            disabled={ended}
            onClick={() => send(session.request('call:audio-only', { on: !call.audioOnly }))}
          >
            Audio only for everyone
          </button>
          <button
            type="button"
            className="secondary"
            data-testid="present-to-both"
            aria-pressed={call.presentingBoard}
            disabled={ended}
            title="The board goes beside the partner class's video on both classes' screens"
            onClick={() => send(session.request('call:present-board', { on: !call.presentingBoard }))}
          >
            {call.presentingBoard ? 'Stop showing the board' : 'Show the board on both screens'}
          </button>
          <PresentWorkControl call={call} session={session} send={send} disabled={ended} />
          <button
            type="button"
            className="secondary"
            aria-pressed={call.locked}
            disabled={ended}
            onClick={() => send(session.request('call:lock', { on: !call.locked }))}
          >
            {call.locked ? 'Unlock the call' : 'Lock the call'}
          </button>
        </div>
        <ul className="plain">
          {present.map((p) => (
            <ParticipantRow key={p.id} p={p} call={call} session={session} send={send} />
          ))}
        </ul>
      </section>
      <ChatPanel call={call} session={session} />
      <CallConcern callId={call.callId} />
      <EndCallButton disabled={ended} onEnd={() => send(session.request('call:end', {}))} />
    </aside>
  );
}

function ParticipantRow({ p, call, session, send }: { p: ParticipantView; call: CallState; session: CallSession; send: (x: Promise<unknown>) => void }) {
  // A class's controls sit on its video tile; a class with no tile (no media yet) keeps them here.
  const hasTile = useCallStore((s) => !!p.peerId && p.peerId in s.remoteStreams);
  const notes = [
    p.state === 'disconnected' && 'reconnecting',
    p.handRaised && 'hand up',
    call.micHolder === p.id && 'has the microphone',
    p.hardMuted ? 'held muted' : p.muted && 'muted',
    p.videoStopped && 'video stopped',
    p.audioOnly && !call.audioOnly && 'audio only',
  ].filter(Boolean);
  return (
    <li className="participant">
      <span>
        {p.name} <span className="muted">({p.kind === 'teacher' ? 'teacher' : 'class'})</span>
        {notes.length > 0 && <span className="participant-notes"> · {notes.join(' · ')}</span>}
      </span>
      {p.kind === 'device' && !hasTile && <ClassControls p={p} call={call} session={session} send={send} />}
    </li>
  );
}

function ScreenShare({ session, disabled, onError }: { session: CallSession; disabled: boolean; onError: (e: unknown) => void }) {
  const [sharing, setSharing] = useState<MediaStream | null>(null);
  const start = () =>
    session
      .shareScreen(() => setSharing(null))
      .then(setSharing, (e: unknown) => {
        // Closing the browser's picker is not an error worth showing.
        if (!(e instanceof DOMException && e.name === 'NotAllowedError')) onError(e);
      });
  const stop = () => session.stopScreen().then(() => setSharing(null), onError);
  return (
    <div className="actions">
      {sharing ? (
        <button type="button" onClick={() => void stop()}>
          Stop sharing my screen
        </button>
      ) : (
        <button type="button" className="secondary" disabled={disabled} onClick={() => void start()}>
          Share my screen (slides, posters)
        </button>
      )}
    </div>
  );
}

/** A concern about the call as a whole, for the school's safeguarding lead. */
function CallConcern({ callId }: { callId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <section aria-label="Safeguarding">
      {open ? (
        <RaiseConcern callId={callId} subject={{ kind: 'call', callId }} onClose={() => setOpen(false)} />
      ) : (
        <button type="button" className="secondary" data-testid="call-concern" onClick={() => setOpen(true)}>
          Raise a safeguarding concern about this call
        </button>
      )}
    </section>
  );
}
