// Encodes a short clip once with ffmpeg — three VP8 simulcast layers (720p, 360p, 180p) and
// opus — and keeps its RTP packets in memory, to be replayed into many producers.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';

export interface ClipStream {
  kind: 'audio' | 'video';
  clockRate: number;
  payloadType: number;
  packets: Buffer[];
}

const CLIP_SECONDS = 8;
export const VIDEO_PT = 101;
export const AUDIO_PT = 100;
const LAYERS = [
  { size: '320x180', bitrate: '150k' },
  { size: '640x360', bitrate: '500k' },
  { size: '1280x720', bitrate: '1200k' },
];

async function capture(args: (port: number) => string[]): Promise<Buffer[]> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  socket.setRecvBufferSize(16 * 1024 * 1024);
  const packets: Buffer[] = [];
  socket.on('message', (m) => {
    // RTP, not RTCP (RTCP packet types 192–223 sit where RTP has marker + payload type).
    if (m.length >= 12 && !(m[1]! >= 192 && m[1]! <= 223)) packets.push(Buffer.from(m));
  });
  const port = socket.address().port;
  await new Promise<void>((resolve, reject) => {
    const ff = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', ...args(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    ff.stderr.on('data', (d) => (err += d));
    ff.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${err}`))));
  });
  socket.close();
  return packets;
}

export async function recordClip(): Promise<ClipStream[]> {
  const video = LAYERS.map((l) =>
    capture((port) => [
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=1280x720:rate=30`,
      '-t',
      String(CLIP_SECONDS),
      '-vf',
      `scale=${l.size.replace('x', ':')}`,
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-b:v',
      l.bitrate,
      '-g',
      '60',
      '-an',
      '-payload_type',
      String(VIDEO_PT),
      '-ssrc',
      '1',
      '-f',
      'rtp',
      `rtp://127.0.0.1:${port}?pkt_size=1200`,
    ]),
  );
  const audio = capture((port) => [
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    String(CLIP_SECONDS),
    '-c:a',
    'libopus',
    '-b:a',
    '32k',
    '-ac',
    '2',
    '-payload_type',
    String(AUDIO_PT),
    '-ssrc',
    '2',
    '-f',
    'rtp',
    `rtp://127.0.0.1:${port}`,
  ]);
  const [v0, v1, v2, a] = await Promise.all([...video, audio]);
  return [
    ...[v0, v1!, v2!].map((packets) => ({ kind: 'video' as const, clockRate: 90000, payloadType: VIDEO_PT, packets })),
    { kind: 'audio', clockRate: 48000, payloadType: AUDIO_PT, packets: a! },
  ];
}
