// Where the whiteboard sits in a call: open on the agenda's whiteboard step (everyone sees
// it then), and on demand at any other time.
import { useState } from 'react';
import type { CallState } from '../../../shared/schemas/call';
import { useCallStore } from '../stores/call-store';
import type { BoardTransport } from './board-connection';
import { LazyBoardPanel } from './LazyBoardPanel';

/** `startOpen`: open from the start (the board was just on the stage: the class goes on with it). */
export function BoardSection({ call, transport, startOpen = false }: { call: CallState; transport: BoardTransport; startOpen?: boolean }) {
  const connected = useCallStore((s) => s.connected);
  const step = call.agenda.steps[call.agenda.current];
  const boardStep = step?.kind === 'whiteboard';
  const [shown, setShown] = useState(boardStep || startOpen);
  // Moving onto (or off) the board step opens (or closes) it; a choice in between is kept.
  // (React's way to adjust state when a prop changes: during render, not in an effect.)
  const current = call.agenda.current;
  const [shownAtStep, setShownAtStep] = useState(current);
  if (shownAtStep !== current) {
    setShownAtStep(current);
    setShown(boardStep);
  }
  if (call.you.state !== 'in' || call.status === 'ended') return null;
  return (
    <div className="board-section">
      <button type="button" data-testid="wb-toggle" className="secondary" aria-expanded={shown} onClick={() => setShown(!shown)}>
        {shown ? 'Hide the whiteboard' : 'Show the whiteboard'}
      </button>
      {shown && <LazyBoardPanel transport={transport} call={call} connected={connected} />}
    </div>
  );
}
