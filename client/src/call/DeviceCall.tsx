// A class device in its call once it has joined: the lobby, then the class's screen (the
// partner class large, its controls beside it), the board, the exchange wall and the chat,
// and an end screen that says what comes next.
import { useState } from 'react';
import type { CallState } from '../../../shared/schemas/call';
import { LazyBoardPanel } from '../board/LazyBoardPanel';
import { BoardSection } from '../board/BoardSection';
import { FormError } from '../components/FormError';
import { DeviceExchange } from '../exchange/DeviceExchange';
import { PresentedWork } from '../exchange/PresentedWork';
import { useCallStore } from '../stores/call-store';
import { useShallow } from 'zustand/react/shallow';
import { CallView } from './CallView';
import { ChatPanel } from './ChatPanel';
import type { CallSession, JoinAs } from './call-session';
import { useCallSession } from './use-call-session';

export function DeviceCall({ as }: { as: JoinAs }) {
  const session = useCallSession(as);
  const [left, setLeft] = useState(false);
  // Once the board has been on the stage, it stays open below it afterwards.
  const [boardPresented, setBoardPresented] = useState(false);
  // Audio levels and streams change often; this screen re-renders only for what it shows.
  const { call, removedReason, connected } = useCallStore(useShallow((s) => ({ call: s.call, removedReason: s.removedReason, connected: s.connected })));
  if (removedReason) {
    return (
      <main className="narrow join">
        <h1>Not in the call</h1>
        <p role="alert">{removedReason}</p>
      </main>
    );
  }
  if (call?.presentingBoard && !boardPresented) setBoardPresented(true);
  if (left || call?.status === 'ended') return <ClassCallEnded call={call} left={left} />;
  if (!call || !session) return <p role="status">Joining…</p>;
  if (call.you.state === 'lobby') {
    return (
      <main className="narrow join" data-testid="lobby-waiting">
        <h1>Waiting to be let in</h1>
        <p role="status">Your teacher will let {as.kind === 'device' ? as.displayName : 'you'} into the call in a moment.</p>
      </main>
    );
  }
  return (
    <main className="device-call">
      <h1 className="visually-hidden">{call.title}</h1>
      <CallView
        call={call}
        classScreen
        onTileWidth={session.preferLayers}
        aside={<DeviceControls session={session} onLeft={() => setLeft(true)} />}
        presented={
          call.presentingBoard ? (
            <LazyBoardPanel transport={session.transport} call={call} connected={connected} />
          ) : call.presentingWork ? (
            <PresentedWork
              linkId={call.linkId}
              itemId={call.presentingWork.itemId}
              title={call.presentingWork.title}
              {...(call.you.rejoinToken ? { deviceToken: call.you.rejoinToken } : {})}
            />
          ) : undefined
        }
      />
      {!call.presentingBoard && <BoardSection call={call} transport={session.transport} startOpen={boardPresented} />}
      <ExchangeToggle call={call} />
      <ChatPanel call={call} session={session} />
    </main>
  );
}

/** After the call (ended by a teacher, or left by the class): what happened and what comes next. */
function ClassCallEnded({ call, left }: { call: CallState | null; left: boolean }) {
  const partners = call?.participants.filter((p) => p.kind === 'device' && p.id !== call.you.participantId).map((p) => p.name) ?? [];
  return (
    <main className="narrow join call-ended" data-testid="call-ended">
      <h1>{left ? 'You have left the call' : 'The call has ended'}</h1>
      <p className="lead">{partners.length ? `Thank you for meeting ${partners.join(' and ')}!` : 'Thank you for taking part!'}</p>
      <h2>What comes next</h2>
      <ul>
        <li>Your teacher will mark this step of the year as done.</li>
        <li>Keep making work for your partner class: your teacher can post it to your exchange wall.</li>
        <li>Your teacher will tell you when the next call is.</li>
      </ul>
      {left && call?.status !== 'ended' && (
        <p>
          Left by mistake? <a href="/join">Join again</a> with the same code: your teacher will let you back in.
        </p>
      )}
    </main>
  );
}

function DeviceControls({ session, onLeft }: { session: CallSession; onLeft: () => void }) {
  const call = useCallStore((s) => s.call);
  const [refused, setRefused] = useState<string>();
  const [confirmLeave, setConfirmLeave] = useState(false);
  if (!call || call.you.state !== 'in') return null;
  const ask = (p: Promise<unknown>) =>
    void p.then(
      () => setRefused(undefined),
      (e: Error) => setRefused(e.message),
    );
  const otherHasMic = call.micHolder !== null && call.micHolder !== call.you.participantId;
  return (
    <div className="device-controls">
      <button
        type="button"
        data-testid="raise-hand"
        aria-pressed={call.you.handRaised}
        onClick={() => ask(session.request('call:raise-hand', { on: !call.you.handRaised }))}
      >
        {call.you.handRaised ? 'Put our hand down' : 'Raise our hand'}
      </button>
      {call.you.muted ? (
        <>
          <p role="status">
            {call.you.hardMuted ? 'A teacher has muted this class for now.' : otherHasMic ? 'Another class has the microphone.' : 'This class is muted.'}
          </p>
          {!otherHasMic && (
            <button type="button" data-testid="unmute-self" onClick={() => ask(session.request('call:unmute-self', {}))}>
              Unmute us
            </button>
          )}
        </>
      ) : (
        <button type="button" className="secondary" data-testid="mute-self" onClick={() => ask(session.request('call:mute-self', {}))}>
          Mute us
        </button>
      )}
      <button
        type="button"
        className="secondary"
        aria-pressed={call.you.audioOnly}
        disabled={call.audioOnly}
        title={call.audioOnly ? 'A teacher has set the whole call to audio only' : 'Use this when the picture keeps freezing'}
        onClick={() => ask(session.request('call:audio-only-self', { on: !call.you.audioOnly }))}
      >
        Audio only
      </button>
      {confirmLeave ? (
        <div className="confirm" role="group" aria-label="Leave the call?">
          <p>Leave the call? Your teacher can let you back in.</p>
          <button type="button" className="danger" data-testid="leave-confirm" onClick={() => ask(session.leave().then(onLeft))}>
            Yes, leave
          </button>
          <button type="button" className="secondary" onClick={() => setConfirmLeave(false)}>
            Stay
          </button>
        </div>
      ) : (
        <button type="button" className="secondary" data-testid="leave-call" onClick={() => setConfirmLeave(true)}>
          Leave the call
        </button>
      )}
      <FormError message={refused} />
    </div>
  );
}

/** The class's view of its exchange wall, on demand (it takes the screen's attention). */
function ExchangeToggle({ call }: { call: CallState }) {
  const [shown, setShown] = useState(false);
  const token = call.you.rejoinToken;
  if (!token || call.you.state !== 'in') return null;
  return (
    <div className="board-section">
      <button type="button" data-testid="device-exchange-toggle" className="secondary" aria-expanded={shown} onClick={() => setShown(!shown)}>
        {shown ? 'Hide our exchange wall' : 'Show our exchange wall'}
      </button>
      {shown && <DeviceExchange linkId={call.linkId} token={token} />}
    </div>
  );
}
