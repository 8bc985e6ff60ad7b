// A class device in its call once it has joined: the lobby, then the call screen with its
// controls, the board, the exchange wall and the chat.
import { useState } from 'react';
import type { CallState } from '../../../shared/schemas/call';
import { BoardSection } from '../board/BoardSection';
import { FormError } from '../components/FormError';
import { DeviceExchange } from '../exchange/DeviceExchange';
import { useCallStore } from '../stores/call-store';
import { useShallow } from 'zustand/react/shallow';
import { CallView } from './CallView';
import { ChatPanel } from './ChatPanel';
import type { CallSession, JoinAs } from './call-session';
import { useCallSession } from './use-call-session';

export function DeviceCall({ as }: { as: JoinAs }) {
  const session = useCallSession(as);
  // Audio levels and streams change often; this screen re-renders only for what it shows.
  const { call, removedReason } = useCallStore(useShallow((s) => ({ call: s.call, removedReason: s.removedReason })));
  if (removedReason) {
    return (
      <main className="narrow join">
        <h1>Not in the call</h1>
        <p role="alert">{removedReason}</p>
      </main>
    );
  }
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
      <CallView call={call} big onTileWidth={session.preferLayers} />
      <DeviceControls session={session} />
      <BoardSection call={call} transport={session.transport} />
      <ExchangeToggle call={call} />
      <ChatPanel call={call} session={session} />
    </main>
  );
}

function DeviceControls({ session }: { session: CallSession }) {
  const call = useCallStore((s) => s.call);
  const [refused, setRefused] = useState<string>();
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
        {call.you.handRaised ? 'Put our hand down' : '✋ Raise our hand'}
      </button>
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
      {call.you.muted && (
        <>
          <p role="status">
            {call.you.hardMuted ? 'A teacher has muted this class for now.' : otherHasMic ? 'Another class has the microphone.' : 'This class is muted.'}
          </p>
          {!otherHasMic && (
            <button type="button" data-testid="unmute-self" onClick={() => ask(session.request('call:unmute-self', {}))}>
              Unmute
            </button>
          )}
        </>
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
