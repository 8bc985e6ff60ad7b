// Socket events of the shared whiteboard. A board is opened from within a call: the call's
// own board or the link's year-long board. Every message re-checks that the sender is still
// admitted to that call; the teacher's controls are enforced here, logged first.
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { textOf } from '../../shared/board/elements.js';
import type { BoardKind } from '../../shared/schemas/board.js';
import { boardIdsOf, newMember } from '../board/board-registry.js';
import { BoardError } from '../board/errors.js';
import { isPublished } from '../../shared/exchange.js';
import type { LiveBoard } from '../board/live-board.js';
import { containsProfanity } from '../calls/language-filter.js';
import { findPersonalDetails, reasonFor } from '../../shared/safeguarding/personal-details.js';
import { Refusal } from '../errors/refusal.js';
import { surnamesOfClass } from '../programme/class-surnames.js';
import { actorOfParticipant, roleOf, type LiveCall } from '../calls/live-calls.js';
import type { CallServices } from './call-services.js';
import { onClientEvent } from './client-event.js';

function kindOf(lc: LiveCall, boardId: string): BoardKind {
  const ids = boardIdsOf(lc.runtime.call.id, lc.linkId);
  if (boardId === ids.call) return 'call';
  if (boardId === ids.link) return 'link';
  throw new Refusal(403, 'forbidden', 'That board does not belong to this call.');
}

export function registerBoardEvents(socket: Socket, { ctx, calls, boards }: CallServices, log: Logger): void {
  const record = calls.record.bind(calls);

  /** A picture may go on a board when it is on this link's wall, approved by both sides and not flagged. */
  async function mayPlacePicture(lc: LiveCall, itemId: string): Promise<boolean> {
    const item = await ctx.models.ExchangeItem.findOne({
      _id: itemId,
      linkId: lc.linkId,
      kind: { $in: ['image', 'board'] },
      deletedAt: { $exists: false },
    });
    return !!item && isPublished(item);
  }

  function admitted() {
    const { lc, me } = calls.member(socket.id);
    if (me.state !== 'in') throw new Refusal(409, 'not-in-call', 'Only someone admitted to the call can use its boards.');
    return { lc, me };
  }

  const open = (lc: LiveCall, boardId: string): Promise<LiveBoard> =>
    boards.open({ boardId, kind: kindOf(lc, boardId), programmeId: lc.programmeId, linkId: lc.linkId, callId: lc.runtime.call.id });

  function opened(boardId: string) {
    const { lc, me } = admitted();
    kindOf(lc, boardId);
    const board = boards.get(boardId);
    const member = board?.members.get(socket.id);
    if (!board || !member) throw new BoardError('not-open', 'Open the board first.');
    return { lc, me, board, member };
  }

  /** A teacher's control: allowed to teachers of the call, on its boards (loaded if need be). */
  async function moderated(boardId: string) {
    const { lc, me } = await calls.teacher(socket.id, 'call:moderate');
    const kind = kindOf(lc, boardId);
    const board = await open(lc, boardId);
    // A board nobody has open is put away again after the change.
    boards.releaseIfUnused(boardId);
    return { lc, board, actor: actorOfParticipant(me), kind };
  }

  onClientEvent(socket, 'board:open', log, async ({ board: kind }) => {
    const { lc, me } = admitted();
    const boardId = boardIdsOf(lc.runtime.call.id, lc.linkId)[kind];
    const board = await open(lc, boardId);
    await record(lc, actorOfParticipant(me), roleOf(me), 'board.opened', { boardId, kind });
    const member = newMember(socket.id, me.id, me.kind, me.name, me.schoolId);
    board.join(member);
    return { ...board.state(member), mayModerate: me.kind === 'teacher', linkId: lc.linkId };
  });

  onClientEvent(socket, 'board:sync', log, async ({ boardId, data, part }) => {
    const { lc, me, board, member } = opened(boardId);
    const actor = actorOfParticipant(me);
    try {
      await board.receiveSync(member, data, part, async ({ written }) => {
        // The classes work together only while both adults are there, as on video.
        if (me.kind === 'device' && lc.runtime.status !== 'live') throw new BoardError('locked', 'The board waits until the call is live again.');
        for (const w of written) {
          const text = textOf(w.element);
          if (text && containsProfanity(text)) throw new BoardError('language', 'That text was not added: please choose kinder words.');
          // A class's words naming personal details wait for its own teacher (held-elements.ts).
          const details = text && me.kind === 'device' ? findPersonalDetails(text, { surnames: await surnamesOfClass(ctx.models, me.classId) }) : [];
          if (text && details.length > 0) {
            const reason = `It names ${reasonFor(details)}.`;
            await record(lc, actor, roleOf(me), 'pii.held', {
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
          if (w.element.kind === 'picture' && !(await mayPlacePicture(lc, w.element.itemId))) {
            throw new BoardError('not-allowed', 'Only pictures from this link’s exchange wall that both schools have approved can go on the board.');
          }
        }
        // Every word put on a board is in the safeguarding log, and logged before it shows.
        for (const w of written) {
          const text = textOf(w.element);
          if (text) await record(lc, actor, roleOf(me), 'board.text', { boardId, elementId: w.elementId, kind: w.element.kind, text });
        }
      });
    } catch (err) {
      if (err instanceof BoardError) await record(lc, actor, roleOf(me), 'board.update-refused', { boardId, reason: err.code, message: err.message });
      throw err;
    }
    return {};
  });

  onClientEvent(socket, 'board:awareness', log, ({ boardId, data }) => {
    const { board, member } = opened(boardId);
    board.receiveAwareness(member, data);
    return {};
  });

  onClientEvent(socket, 'board:close', log, ({ boardId }) => {
    boards.leave(socket.id, boardId);
    return {};
  });

  // A teacher of the class that wrote a held element lets it through, or removes it.
  for (const [event, release] of [
    ['board:release-held', true],
    ['board:remove-held', false],
  ] as const) {
    onClientEvent(socket, event, log, async ({ boardId, elementId }) => {
      const { lc: found, board: open } = opened(boardId);
      const held = open.held.get(elementId);
      if (!held) throw new BoardError('not-found', 'Nothing is waiting with that name; it may have been decided already.');
      const { lc, me } = await calls.teacher(socket.id, 'call:moderate', [held.schoolId]);
      if (lc !== found) throw new Refusal(403, 'forbidden', 'That board does not belong to this call.');
      await record(lc, actorOfParticipant(me), 'teacher', release ? 'pii.released' : 'pii.removed', {
        boardId,
        where: 'board',
        elementId,
        text: held.text,
        by: 'moderator',
      });
      const taken = await open.takeHeld(elementId);
      if (release && taken) open.placeElement(elementId, taken.element);
      return {};
    });
  }

  onClientEvent(socket, 'board:lock', log, async ({ boardId, on }) => {
    const { lc, board, actor, kind } = await moderated(boardId);
    await record(lc, actor, 'teacher', 'board.locked', { boardId, kind, on });
    await board.setLocked(on);
    return {};
  });

  onClientEvent(socket, 'board:hide-cursors', log, async ({ boardId, on }) => {
    const { lc, board, actor, kind } = await moderated(boardId);
    await record(lc, actor, 'teacher', 'board.cursors-hidden', { boardId, kind, on });
    await board.setCursorsHidden(on);
    return {};
  });

  onClientEvent(socket, 'board:clear', log, async ({ boardId }) => {
    const { lc, board, actor, kind } = await moderated(boardId);
    await record(lc, actor, 'teacher', 'board.cleared', { boardId, kind, elements: board.elements.size });
    await board.clear();
    return {};
  });

  onClientEvent(socket, 'board:undo-clear', log, async ({ boardId }) => {
    const { lc, board, actor, kind } = await moderated(boardId);
    if (!board.state().canUndoClear) throw new BoardError('not-found', 'There is no clear to undo.');
    await record(lc, actor, 'teacher', 'board.clear-undone', { boardId, kind });
    await board.undoClear();
    return {};
  });

  onClientEvent(socket, 'board:delete-element', log, async ({ boardId, elementId }) => {
    const { lc, board, actor, kind } = await moderated(boardId);
    const element = board.elements.get(elementId);
    if (!element) throw new BoardError('not-found', 'There is no such element on the board.');
    await record(lc, actor, 'teacher', 'board.element-deleted', { boardId, kind, elementId, element: element.kind, text: textOf(element) });
    board.deleteElement(elementId);
    return {};
  });

  socket.on('disconnect', () => boards.leave(socket.id));
}
