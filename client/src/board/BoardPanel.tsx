// The whiteboard in a call: today's board or the link's board for the whole year, the
// tools, and (for teachers) lock, clear, hide cursors and keep as a picture.
import { Lock, LockOpen } from 'lucide-react';
import { nanoid } from 'nanoid';
import { useState } from 'react';
import { BOARD_HEIGHT, BOARD_WIDTH, nextZ } from '../../../shared/board/elements';
import type { CallState } from '../../../shared/schemas/call';
import type { BoardKind } from '../../../shared/schemas/board';
import type { BoardTransport } from './board-connection';
import { uploadFile } from '../exchange/upload-file';
import { boardPicture } from './board-picture';
import { BoardAssets } from './board-assets';
import { useBoardTools } from './board-tools-store';
import { BoardToolbar } from './BoardToolbar';
import { PicturePicker } from './PicturePicker';
import { useBoard } from './use-board';
import { Whiteboard } from './Whiteboard';
import { RaiseConcern } from '../review/RaiseConcern';

export function BoardPanel({ transport, call, connected }: { transport: BoardTransport; call: CallState; connected: boolean }) {
  const [kind, setKind] = useState<BoardKind>('link');
  const name = call.participants.find((p) => p.id === call.you.participantId)?.name ?? 'Someone';
  const { board, error, clearError } = useBoard(transport, kind, name, connected);
  const [notice, setNotice] = useState<string | null>(null);
  const [concernAbout, setConcernAbout] = useState<string>();
  const tool = useBoardTools((t) => t.tool);
  const deviceToken = call.you.kind === 'device' ? call.you.rejoinToken : undefined;
  const state = board?.state;
  const teacher = !!state?.mayModerate;
  const live = call.status === 'live';
  const readOnly = !state || (!teacher && (state.locked || !live));
  const control = (p: Promise<unknown> | undefined) =>
    void p?.then(
      () => setNotice(null),
      (e: Error) => setNotice(e.message),
    );
  const boardId = state?.boardId;

  const picture = async () => {
    const svg = document.querySelector<SVGSVGElement>('[data-testid="whiteboard"]');
    if (!svg) throw new Error('The board is not on the screen.');
    return boardPicture(svg);
  };

  /** "Keep this board": its picture goes onto the link's exchange wall (approved like any work). */
  async function keepOnWall() {
    if (!state) return;
    setNotice('Keeping the board…');
    const title = `${kind === 'link' ? 'Our year board' : call.title} — ${new Date().toLocaleDateString()}`;
    await uploadFile(`/api/links/${state.linkId}/exchange`, await picture(), { title: title.slice(0, 120), source: 'board' }, () => undefined);
    setNotice('Kept on the exchange wall. Approve it there to share it with both classes.');
  }

  async function downloadPicture() {
    const blob = await picture();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${kind === 'link' ? 'our-year-board' : 'todays-board'}-${new Date().toISOString().slice(0, 10)}.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  return (
    <section className="board-panel" aria-labelledby="board-h">
      <div className="board-head">
        <h2 id="board-h">Whiteboard</h2>
        <div role="tablist" aria-label="Which board">
          {(
            [
              ['link', 'Our year board'],
              ['call', 'Today’s board'],
            ] as const
          ).map(([k, label]) => (
            <button key={k} type="button" role="tab" aria-selected={kind === k} className={kind === k ? '' : 'secondary'} onClick={() => setKind(k)}>
              {label}
            </button>
          ))}
        </div>
        {teacher && boardId && (
          <div className="board-controls" role="group" aria-label="Teacher board controls">
            <button
              type="button"
              data-testid="wb-lock"
              aria-pressed={state.locked}
              onClick={() => control(transport.request('board:lock', { boardId, on: !state.locked }))}
            >
              {state.locked ? <LockOpen aria-hidden="true" size={20} className="button-icon" /> : <Lock aria-hidden="true" size={20} className="button-icon" />}
              {state.locked ? ' Unlock board' : ' Lock board'}
            </button>
            <button type="button" data-testid="wb-clear" className="secondary" onClick={() => control(transport.request('board:clear', { boardId }))}>
              Clear
            </button>
            {state.canUndoClear && (
              <button
                type="button"
                data-testid="wb-undo-clear"
                className="secondary"
                onClick={() => control(transport.request('board:undo-clear', { boardId }))}
              >
                Undo clear
              </button>
            )}
            <button
              type="button"
              className="secondary"
              aria-pressed={state.cursorsHidden}
              onClick={() => control(transport.request('board:hide-cursors', { boardId, on: !state.cursorsHidden }))}
            >
              {state.cursorsHidden ? 'Show pointers' : 'Hide pointers'}
            </button>
            <button type="button" data-testid="wb-keep" className="secondary" onClick={() => void keepOnWall().catch((e: Error) => setNotice(e.message))}>
              Keep this board
            </button>
            <button type="button" className="secondary" onClick={() => control(downloadPicture())}>
              Download picture
            </button>
          </div>
        )}
      </div>
      {teacher && boardId && state?.held && state.held.length > 0 && (
        <ul className="plain board-held" aria-label="Words waiting for you">
          {state.held.map((h) => (
            <li key={h.elementId} data-testid="held-for-review" className="held">
              <strong>{h.by}</strong> wrote “{h.text}”. <em className="held-note">Held for you: {h.reason} The partner class has not seen it.</em>{' '}
              <button
                type="button"
                className="link"
                data-testid="release-held"
                onClick={() => control(transport.request('board:release-held', { boardId, elementId: h.elementId }))}
              >
                Let it through
              </button>{' '}
              <button
                type="button"
                className="link"
                data-testid="remove-held"
                onClick={() => control(transport.request('board:remove-held', { boardId, elementId: h.elementId }))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {state?.locked && (
        <p className="board-note" role="status">
          The board is locked: only teachers can change it now.
        </p>
      )}
      {state && !live && !teacher && (
        <p className="board-note" role="status">
          The board waits until both teachers are in the call.
        </p>
      )}
      {(error || notice) && (
        <p role="alert" className={`board-note${error ? ' error' : ''}`}>
          {error ?? notice}{' '}
          <button type="button" className="link" onClick={() => (clearError(), setNotice(null))}>
            OK
          </button>
        </p>
      )}
      {board && (
        <BoardAssets.Provider value={deviceToken ? { deviceToken } : {}}>
          <BoardToolbar disabled={readOnly} canRemove={teacher} onUndo={() => board.undo.undo()} onRedo={() => board.undo.redo()} />
          {tool === 'picture' && !readOnly && state && (
            <PicturePicker
              linkId={state.linkId}
              {...(deviceToken ? { deviceToken } : {})}
              onPick={(item) => {
                // Placed in the middle, as large as fits in half the board, keeping its shape.
                const ratio = item.width && item.height ? item.width / item.height : 4 / 3;
                const w = Math.round(Math.min(800, 450 * ratio));
                const h = Math.round(w / ratio);
                board.put(nanoid(), {
                  kind: 'picture',
                  itemId: item.id,
                  x: Math.round((BOARD_WIDTH - w) / 2),
                  y: Math.round((BOARD_HEIGHT - h) / 2),
                  w,
                  h,
                  z: nextZ(board.elements.values()),
                });
              }}
            />
          )}
          {concernAbout && boardId && (
            <RaiseConcern
              key={concernAbout}
              callId={call.callId}
              subject={{ kind: 'board-element', boardId, elementId: concernAbout }}
              onClose={() => setConcernAbout(undefined)}
            />
          )}
          <Whiteboard
            board={board}
            readOnly={readOnly}
            onRemove={(elementId) => boardId && control(transport.request('board:delete-element', { boardId, elementId }))}
            {...(teacher ? { onConcern: setConcernAbout } : {})}
          />
        </BoardAssets.Provider>
      )}
    </section>
  );
}
