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
/** How often each stream gets an RTCP Sender Report, as a browser sends them. */
const SENDER_REPORT_INTERVAL_MS = 1_000;
/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

/**
 * An RTCP Sender Report (RFC 3550 §6.4.1) tying a stream's RTP clock to wall-clock time.
 * mediasoup switches a consumer to another simulcast layer only once both layers have had
 * one (it needs them to line up the layers' timestamps): without them every receiver stays
 * on the first layer it got, whatever it asks for.
 */
function senderReport(ssrc: number, nowMs: number, rtpTimestamp: number, packets: number, octets: number): Buffer {
  const sr = Buffer.alloc(28);
  sr.writeUInt8(0x80, 0); // V=2, no padding, no report blocks
  sr.writeUInt8(200, 1); // PT = SR
  sr.writeUInt16BE(6, 2); // length in 32-bit words minus one
  sr.writeUInt32BE(ssrc >>> 0, 4);
  const seconds = nowMs / 1000 + NTP_UNIX_OFFSET_S;
  sr.writeUInt32BE(Math.floor(seconds) >>> 0, 8);
  sr.writeUInt32BE(Math.floor((seconds % 1) * 2 ** 32) >>> 0, 12);
  sr.writeUInt32BE(rtpTimestamp >>> 0, 16);
  sr.writeUInt32BE(packets >>> 0, 20);
  sr.writeUInt32BE(octets >>> 0, 24);
  return sr;
}

export class Replayer {
  private readonly socket: Socket = createSocket('udp4');
  private timer: NodeJS.Timeout | undefined;
  private reportTimer: NodeJS.Timeout | undefined;
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
      return { s, seconds, duration, next: 0, loop: 0, ts0: s.packets[0]!.readUInt32BE(4), sent: 0, octets: 0 };
    });
    const t0 = performance.now();
    this.reportTimer = setInterval(() => {
      const elapsedS = (performance.now() - t0) / 1000;
      for (const [index, st] of streams.entries()) {
        // Where this stream's RTP clock stands now: the replay paces packets by it from t0.
        const rtpNow = (st.ts0 + Math.round(elapsedS * st.s.clockRate)) >>> 0;
        for (const target of this.targets) {
          this.socket.send(senderReport(target.ssrcs[index]!, Date.now(), rtpNow, st.sent, st.octets), target.port, '127.0.0.1');
        }
      }
    }, SENDER_REPORT_INTERVAL_MS);
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
          st.sent++;
          st.octets += packet.length - 12;
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
    clearInterval(this.reportTimer);
    this.socket.close();
  }
}
