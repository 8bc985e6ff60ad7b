// Replays recorded RTP into many producers, paced by the packets' own RTP timestamps and
// looping seamlessly (sequence numbers and timestamps keep counting). One clip, many SSRCs:
// the load generator costs far less than the SFU it loads.
import { createSocket, type Socket } from 'node:dgram';
import type { ClipStream } from './rtp-clip.js';

export interface ReplayTarget {
  /** Stream index in the clip → the SSRC to send it with. */
  ssrcs: number[];
  port: number;
}

const TICK_MS = 5;

export class Replayer {
  private readonly socket: Socket = createSocket('udp4');
  private timer: NodeJS.Timeout | undefined;
  sentPackets = 0;

  constructor(
    private readonly clip: ClipStream[],
    private readonly targets: ReplayTarget[],
  ) {}

  start(): void {
    const streams = this.clip.map((s) => {
      const ts0 = s.packets[0]!.readUInt32BE(4);
      const seconds = s.packets.map((p) => ((p.readUInt32BE(4) - ts0) >>> 0) / s.clockRate);
      const duration = seconds.at(-1)! + 1 / 30;
      return { s, seconds, duration, next: 0, loop: 0 };
    });
    const t0 = performance.now();
    this.timer = setInterval(() => {
      const now = (performance.now() - t0) / 1000;
      for (const [index, st] of streams.entries()) {
        for (;;) {
          const at = st.seconds[st.next]! + st.loop * st.duration;
          if (at > now) break;
          const packet = st.s.packets[st.next]!;
          const seq = (packet.readUInt16BE(2) + st.loop * st.s.packets.length) & 0xffff;
          const ts = (packet.readUInt32BE(4) + Math.round(st.loop * st.duration * st.s.clockRate)) >>> 0;
          for (const target of this.targets) {
            // A copy per send: dgram may still hold the previous buffer.
            const out = Buffer.from(packet);
            out.writeUInt16BE(seq, 2);
            out.writeUInt32BE(ts, 4);
            out.writeUInt32BE(target.ssrcs[index]!, 8);
            this.socket.send(out, target.port, '127.0.0.1');
            this.sentPackets++;
          }
          st.next++;
          if (st.next === st.s.packets.length) {
            st.next = 0;
            st.loop++;
          }
        }
      }
    }, TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.socket.close();
  }
}
