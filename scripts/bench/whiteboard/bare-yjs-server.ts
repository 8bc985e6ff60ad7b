// The baseline: a bare Yjs relay over the same Socket.IO transport and the same event
// names, without Linkroom's checks, logging and persistence: one document, every update
// applied and passed on to everyone else.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import * as Y from 'yjs';
import { decodeSyncFrame, encodeStep1, encodeStep2, encodeUpdateFrame } from '../../../shared/board/sync-frames.js';
import { serveIpc, type ServerReady } from '../server-ipc.js';

const BOARD_ID = `link-${'0'.repeat(24)}`;
const doc = new Y.Doc();
const http = createServer();
const io = new Server(http, { maxHttpBufferSize: 256 * 1024 });
doc.on('update', (update: Uint8Array, origin: unknown) => {
  const frame = encodeUpdateFrame(update);
  for (const s of io.sockets.sockets.values()) if (s.id !== origin && s.data.open) s.emit('board:sync', { boardId: BOARD_ID, data: frame });
});
io.on('connection', (socket) => {
  socket.on('board:open', (_p: unknown, ack: (r: unknown) => void) => {
    socket.data.open = true;
    socket.emit('board:sync', { boardId: BOARD_ID, data: encodeStep1(doc) });
    ack({ ok: true, boardId: BOARD_ID, kind: 'link', locked: false, cursorsHidden: false, canUndoClear: false, mayModerate: false });
  });
  socket.on('board:sync', ({ data }: { data: Uint8Array }, ack: (r: unknown) => void) => {
    const frame = decodeSyncFrame(data);
    if (frame.type === 'step1') socket.emit('board:sync', { boardId: BOARD_ID, data: encodeStep2(doc, frame.stateVector) });
    else Y.applyUpdate(doc, frame.update, socket.id);
    ack({ ok: true });
  });
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const port = (http.address() as { port: number }).port;
serveIpc(async () => {
  await io.close();
});
process.send!({ type: 'ready', url: `http://127.0.0.1:${port}` } satisfies ServerReady);
