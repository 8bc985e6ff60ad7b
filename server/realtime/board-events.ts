// Socket events of the shared whiteboard (board/call-boards.ts holds the use cases).
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { CallServices } from './call-services.js';
import { onClientEvent } from './client-event.js';

export function registerBoardEvents(socket: Socket, { boards: b }: CallServices, log: Logger): void {
  const id = socket.id;
  const done = async (work: Promise<void> | void) => (await work, {});
  onClientEvent(socket, 'board:open', log, ({ board }) => b.open(id, board));
  onClientEvent(socket, 'board:sync', log, ({ boardId, data, part }) => done(b.sync(id, boardId, data, part)));
  onClientEvent(socket, 'board:awareness', log, ({ boardId, data }) => done(b.awareness(id, boardId, data)));
  onClientEvent(socket, 'board:close', log, ({ boardId }) => done(b.close(id, boardId)));
  onClientEvent(socket, 'board:release-held', log, ({ boardId, elementId }) => done(b.decideHeld(id, boardId, elementId, true)));
  onClientEvent(socket, 'board:remove-held', log, ({ boardId, elementId }) => done(b.decideHeld(id, boardId, elementId, false)));
  onClientEvent(socket, 'board:lock', log, ({ boardId, on }) => done(b.lock(id, boardId, on)));
  onClientEvent(socket, 'board:hide-cursors', log, ({ boardId, on }) => done(b.hideCursors(id, boardId, on)));
  onClientEvent(socket, 'board:clear', log, ({ boardId }) => done(b.clear(id, boardId)));
  onClientEvent(socket, 'board:undo-clear', log, ({ boardId }) => done(b.undoClear(id, boardId)));
  onClientEvent(socket, 'board:delete-element', log, ({ boardId, elementId }) => done(b.deleteElement(id, boardId, elementId)));
  socket.on('disconnect', () => b.close(id));
}
