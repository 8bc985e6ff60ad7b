// The page's mediasoup-client Device, loaded with the SFU's codecs as soon as the socket is up:
// a class device does it while it waits in the lobby, a teacher's page while it joins. At
// admission the page then sends its RTP capabilities with media:join and gets both transports
// and every consumer back in one answer.
import { Device } from 'mediasoup-client';
import type { SocketTransport } from '../api/socket-transport';
import { markJoinStep } from './join-steps';

export async function loadMediaDevice(transport: Pick<SocketTransport, 'request'>): Promise<Device> {
  const { routerRtpCapabilities } = await transport.request('media:capabilities', {});
  const device = new Device();
  await device.load({ routerRtpCapabilities });
  markJoinStep('device-loaded');
  return device;
}
