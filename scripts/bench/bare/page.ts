// The bare baseline for bench:join: a minimal mediasoup-client page, no Linkroom code.
// ?role=send sends the fake camera; ?role=recv receives every producer in the router.
import { Device, type types } from 'mediasoup-client';
import { io } from 'socket.io-client';

const socket = io({ transports: ['websocket'] });
const ask = <T>(event: string, data: unknown = {}) => socket.emitWithAck(event, data) as Promise<T>;
const role = new URLSearchParams(location.search).get('role');

async function main() {
  const device = new Device();
  await device.load({ routerRtpCapabilities: await ask<types.RtpCapabilities>('caps') });
  const params = await ask<types.TransportOptions>('transport');
  if (role === 'send') {
    const t = device.createSendTransport(params);
    t.on('connect', ({ dtlsParameters }, ok) => void ask('connect-transport', { id: t.id, dtlsParameters }).then(() => ok()));
    t.on('produce', ({ kind, rtpParameters }, ok) => void ask<string>('produce', { id: t.id, kind, rtpParameters }).then((id) => ok({ id })));
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    await t.produce({ track: stream.getVideoTracks()[0]! });
  } else {
    const t = device.createRecvTransport(params);
    t.on('connect', ({ dtlsParameters }, ok) => void ask('connect-transport', { id: t.id, dtlsParameters }).then(() => ok()));
    const info = await ask<types.ConsumerOptions>('consume', { id: t.id, rtpCapabilities: device.rtpCapabilities });
    const consumer = await t.consume(info);
    (document.getElementById('remote') as HTMLVideoElement).srcObject = new MediaStream([consumer.track]);
    await ask('resume', { id: consumer.id });
  }
}
void main();
