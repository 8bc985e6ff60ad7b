import { afterEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for the browser's RTCPeerConnection that records what is done with it. */
function fakePeerConnections(offer: () => Promise<unknown>) {
  const made: { transceivers: string[]; offers: number; closed: boolean }[] = [];
  class FakePeerConnection {
    private readonly record = { transceivers: [] as string[], offers: 0, closed: false };
    constructor() {
      made.push(this.record);
    }
    addTransceiver(kind: string) {
      this.record.transceivers.push(kind);
    }
    createOffer() {
      this.record.offers++;
      return offer();
    }
    close() {
      this.record.closed = true;
    }
  }
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  return made;
}

// A fresh module each time: the warm-up is once per page.
const freshWarmUp = async () => {
  vi.resetModules();
  return (await import('../../client/src/call/webrtc-warm-up.js')).warmUpWebRtc;
};

describe('warmUpWebRtc', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('makes one throwaway connection per page, offers on it and closes it', async () => {
    const made = fakePeerConnections(async () => ({ type: 'offer', sdp: 'v=0' }));
    const warmUpWebRtc = await freshWarmUp();
    await Promise.all([warmUpWebRtc(), warmUpWebRtc()]);
    await warmUpWebRtc();
    expect(made).toEqual([{ transceivers: ['video'], offers: 1, closed: true }]);
  });

  it('never fails, and closes the connection when the offer does', async () => {
    const made = fakePeerConnections(() => Promise.reject(new Error('no codecs')));
    const warmUpWebRtc = await freshWarmUp();
    await expect(warmUpWebRtc()).resolves.toBeUndefined();
    expect(made[0]?.closed).toBe(true);
  });

  it('does nothing where there is no WebRTC', async () => {
    const warmUpWebRtc = await freshWarmUp();
    await expect(warmUpWebRtc()).resolves.toBeUndefined();
  });
});
