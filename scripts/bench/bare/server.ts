// The bare baseline's server: one mediasoup router, plain Socket.IO signalling, no checks.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { Server } from 'socket.io';
import { MEDIA_CODECS } from '../../../server/sfu/media-codecs.js';

export async function startBareServer(staticDir: string) {
  const worker = await mediasoup.createWorker({ logLevel: 'warn' });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const transports = new Map<string, types.WebRtcTransport>();
  const producers: types.Producer[] = [];
  const app = express();
  app.use(express.static(staticDir));
  const http = createServer(app);
  const io = new Server(http);
  io.on('connection', (s) => {
    s.on('caps', (_: unknown, ack: (x: unknown) => void) => ack(router.rtpCapabilities));
    s.on('transport', async (_: unknown, ack: (x: unknown) => void) => {
      const t = await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] });
      transports.set(t.id, t);
      ack({ id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters });
    });
    s.on('connect-transport', async ({ id, dtlsParameters }: { id: string; dtlsParameters: types.DtlsParameters }, ack: () => void) => {
      await transports.get(id)!.connect({ dtlsParameters });
      ack();
    });
    s.on(
      'produce',
      async ({ id, kind, rtpParameters }: { id: string; kind: types.MediaKind; rtpParameters: types.RtpParameters }, ack: (x: string) => void) => {
        const p = await transports.get(id)!.produce({ kind, rtpParameters });
        producers.push(p);
        ack(p.id);
      },
    );
    s.on('consume', async ({ id, rtpCapabilities }: { id: string; rtpCapabilities: types.RtpCapabilities }, ack: (x: unknown) => void) => {
      const producer = producers.at(-1)!;
      const c = await transports.get(id)!.consume({ producerId: producer.id, rtpCapabilities, paused: true });
      transports.set(c.id, transports.get(id)!);
      (s.data as { consumers?: Map<string, types.Consumer> }).consumers ??= new Map();
      (s.data as { consumers: Map<string, types.Consumer> }).consumers.set(c.id, c);
      ack({ id: c.id, producerId: producer.id, kind: c.kind, rtpParameters: c.rtpParameters });
    });
    s.on('resume', async ({ id }: { id: string }, ack: () => void) => {
      await (s.data as { consumers: Map<string, types.Consumer> }).consumers.get(id)!.resume();
      ack();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async close() {
      await io.close();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
      worker.close();
    },
  };
}
