// The shared whiteboards as use cases. A board is opened from within a call: the call's
// own board or the link's year-long board. Every message re-checks that the sender is
// still admitted to that call; words are checked (unkind language, a class's personal
// details) and logged before anyone sees them; the teacher's controls are logged first.
import { textOf, type BoardElement } from '../../shared/board/elements.js';
import type { ChunkPart } from '../../shared/board/chunks.js';
import { findPersonalDetails, reasonFor } from '../../shared/safeguarding/personal-details.js';
import type { BoardKind, BoardState } from '../../shared/schemas/board.js';
import { containsProfanity } from '../calls/language-filter.js';
import type { ClassSurnames } from '../programme/class-surnames.js';
import { actorOfParticipant, roleOf, type LiveCall, type LiveCalls } from '../calls/live-calls.js';
import { Refusal } from '../errors/refusal.js';
import { boardIdsOf, newMember, type BoardRegistry } from './board-registry.js';
import { BoardError } from './errors.js';
import type { LiveBoard } from './live-board.js';

/** Whether a picture from the exchange may go on a link's board (on its wall, approved by both sides, not flagged). */
export type MayPlacePicture = (linkId: string, itemId: string) => Promise<boolean>;

function kindOf(lc: LiveCall, boardId: string): BoardKind {
  const ids = boardIdsOf(lc.runtime.call.id, lc.linkId);
  if (boardId === ids.call) return 'call';
  if (boardId === ids.link) return 'link';
  throw new Refusal(403, 'forbidden', 'That board does not belong to this call.');
}

export class CallBoards {
  constructor(
    private readonly calls: LiveCalls,
    readonly boards: BoardRegistry,
    private readonly surnamesOf: ClassSurnames,
    private readonly mayPlacePicture: MayPlacePicture,
  ) {}

  async open(connectionId: string, kind: BoardKind): Promise<BoardState & { mayModerate: boolean; linkId: string }> {
    const { lc, me } = this.admitted(connectionId);
    const boardId = boardIdsOf(lc.runtime.call.id, lc.linkId)[kind];
    const board = await this.load(lc, boardId);
    await this.calls.record(lc, actorOfParticipant(me), roleOf(me), 'board.opened', { boardId, kind });
    const member = newMember(connectionId, me.id, me.kind, me.name, me.schoolId);
    board.join(member);
    return { ...board.state(member), mayModerate: me.kind === 'teacher', linkId: lc.linkId };
  }

  /** One sync message; the writes it carries are checked and logged before they are applied. */
  async sync(connectionId: string, boardId: string, data: Uint8Array, part: ChunkPart | undefined): Promise<void> {
    const { lc, me, board, member } = this.opened(connectionId, boardId);
    const actor = actorOfParticipant(me);
    const record = (type: Parameters<LiveCalls['record']>[3], payload: Record<string, unknown>) => this.calls.record(lc, actor, roleOf(me), type, payload);
    try {
      await board.receiveSync(member, data, part, async ({ written }) => {
        // The classes work together only while both adults are there, as on video.
        if (me.kind === 'device' && lc.runtime.status !== 'live') throw new BoardError('locked', 'The board waits until the call is live again.');
        for (const w of written) {
          const text = textOf(w.element);
          if (text && containsProfanity(text)) throw new BoardError('language', 'That text was not added: please choose kinder words.');
          // A class's words naming personal details wait for its own teacher (held-elements.ts).
          const details = text && me.kind === 'device' ? findPersonalDetails(text, { surnames: await this.surnamesOf(me.classId) }) : [];
          if (text && details.length > 0) {
            const reason = `It names ${reasonFor(details)}.`;
            await record('pii.held', {
              boardId,
              where: 'board',
              elementId: w.elementId,
              element: w.element,
              kinds: [...new Set(details.map((d) => d.kind))],
              reason,
            });
            // A new element waits for the teacher; a change to one already there is refused.
            if (w.elementId) await board.hold(w.elementId, { element: w.element, schoolId: me.schoolId, by: me.name, text, reason });
            throw new BoardError('held', `That text waits for your teacher to read it first: ${reason.toLowerCase().replace(/\.$/, '')}.`);
          }
          if (w.element.kind === 'picture' && !(await this.mayPlacePicture(lc.linkId, w.element.itemId))) {
            throw new BoardError('not-allowed', 'Only pictures from this link’s exchange wall that both schools have approved can go on the board.');
          }
        }
        // Every word put on a board is in the safeguarding log, and logged before it shows.
        for (const w of written) {
          const text = textOf(w.element);
          if (text) await record('board.text', { boardId, elementId: w.elementId, kind: w.element.kind, text });
        }
      });
    } catch (err) {
      if (err instanceof BoardError) await record('board.update-refused', { boardId, reason: err.code, message: err.message });
      throw err;
    }
  }

  awareness(connectionId: string, boardId: string, data: Uint8Array): void {
    const { board, member } = this.opened(connectionId, boardId);
    board.receiveAwareness(member, data);
  }

  close(connectionId: string, boardId?: string): void {
    this.boards.leave(connectionId, boardId);
  }

  /** A teacher of the class that wrote a held element lets it through, or removes it. */
  async decideHeld(connectionId: string, boardId: string, elementId: string, release: boolean): Promise<void> {
    const { lc: found, board } = this.opened(connectionId, boardId);
    const held = board.held.get(elementId);
    if (!held) throw new BoardError('not-found', 'Nothing is waiting with that name; it may have been decided already.');
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate', [held.schoolId]);
    if (lc !== found) throw new Refusal(403, 'forbidden', 'That board does not belong to this call.');
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', release ? 'pii.released' : 'pii.removed', {
      boardId,
      where: 'board',
      elementId,
      text: held.text,
      by: 'moderator',
    });
    const taken = await board.takeHeld(elementId);
    if (release && taken) board.placeElement(elementId, taken.element);
  }

  async lock(connectionId: string, boardId: string, on: boolean): Promise<void> {
    const { lc, board, actor, kind } = await this.moderated(connectionId, boardId);
    await this.calls.record(lc, actor, 'teacher', 'board.locked', { boardId, kind, on });
    await board.setLocked(on);
  }

  async hideCursors(connectionId: string, boardId: string, on: boolean): Promise<void> {
    const { lc, board, actor, kind } = await this.moderated(connectionId, boardId);
    await this.calls.record(lc, actor, 'teacher', 'board.cursors-hidden', { boardId, kind, on });
    await board.setCursorsHidden(on);
  }

  async clear(connectionId: string, boardId: string): Promise<void> {
    const { lc, board, actor, kind } = await this.moderated(connectionId, boardId);
    await this.calls.record(lc, actor, 'teacher', 'board.cleared', { boardId, kind, elements: board.elements.size });
    await board.clear();
  }

  async undoClear(connectionId: string, boardId: string): Promise<void> {
    const { lc, board, actor, kind } = await this.moderated(connectionId, boardId);
    if (!board.state().canUndoClear) throw new BoardError('not-found', 'There is no clear to undo.');
    await this.calls.record(lc, actor, 'teacher', 'board.clear-undone', { boardId, kind });
    await board.undoClear();
  }

  async deleteElement(connectionId: string, boardId: string, elementId: string): Promise<void> {
    const { lc, board, actor, kind } = await this.moderated(connectionId, boardId);
    const element: BoardElement | undefined = board.elements.get(elementId);
    if (!element) throw new BoardError('not-found', 'There is no such element on the board.');
    await this.calls.record(lc, actor, 'teacher', 'board.element-deleted', { boardId, kind, elementId, element: element.kind, text: textOf(element) });
    board.deleteElement(elementId);
  }

  private admitted(connectionId: string) {
    const { lc, me } = this.calls.member(connectionId);
    if (me.state !== 'in') throw new Refusal(409, 'not-in-call', 'Only someone admitted to the call can use its boards.');
    return { lc, me };
  }

  private load(lc: LiveCall, boardId: string): Promise<LiveBoard> {
    return this.boards.open({ boardId, kind: kindOf(lc, boardId), programmeId: lc.programmeId, linkId: lc.linkId, callId: lc.runtime.call.id });
  }

  private opened(connectionId: string, boardId: string) {
    const { lc, me } = this.admitted(connectionId);
    kindOf(lc, boardId);
    const board = this.boards.get(boardId);
    const member = board?.members.get(connectionId);
    if (!board || !member) throw new BoardError('not-open', 'Open the board first.');
    return { lc, me, board, member };
  }

  /** A teacher's control: allowed to teachers of the call, on its boards (loaded if need be). */
  private async moderated(connectionId: string, boardId: string) {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    const kind = kindOf(lc, boardId);
    const board = await this.load(lc, boardId);
    // A board nobody has open is put away again after the change.
    this.boards.releaseIfUnused(boardId);
    return { lc, board, actor: actorOfParticipant(me), kind };
  }
}
