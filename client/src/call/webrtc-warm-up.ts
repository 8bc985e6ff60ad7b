// The page's first RTCPeerConnection costs Chromium a few hundred milliseconds of main thread
// (its WebRTC threads start, its codecs are listed): bench:join's trace showed it inside
// mediasoup-client's Device.load, on the way to the first picture. Made once while the page
// waits anyway — a class in the lobby, a teacher's page connecting and joining — it is not.

let warming: Promise<void> | undefined;

/** Creates, offers on and closes one throwaway connection, once per page; never fails. */
export function warmUpWebRtc(): Promise<void> {
  warming ??= (async () => {
    if (typeof RTCPeerConnection === 'undefined') return;
    const pc = new RTCPeerConnection();
    try {
      pc.addTransceiver('video', { direction: 'recvonly' });
      await pc.createOffer();
    } catch {
      // Only a warm-up: the real connection reports its own errors.
    } finally {
      pc.close();
    }
  })();
  return warming;
}
