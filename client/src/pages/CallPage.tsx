import { useEffect } from 'react';
import { SocketTransport } from '../api/socket-transport';
import { MediaSession } from '../call/media-session';
import { VideoTile } from '../call/VideoTile';
import { useCallStore } from '../stores/call-store';

declare global {
  interface Window {
    /** Diagnostics for support and the e2e tests: no data beyond what the page shows. */
    __linkroomDebug?: { inboundVideoStats: MediaSession['inboundVideoStats'] };
  }
}

export function CallPage({ roomId }: { roomId: string }) {
  const { phase, error, localStream, remoteStreams } = useCallStore();

  useEffect(() => {
    const store = useCallStore.getState();
    store.reset();
    const transport = new SocketTransport();
    const session = new MediaSession(transport, {
      onLocalStream: (s) => useCallStore.getState().setLocalStream(s),
      onRemoteTrack: (peerId, track) => useCallStore.getState().addRemoteTrack(peerId, track),
      onRemoteTrackEnded: (peerId, track) => useCallStore.getState().removeRemoteTrack(peerId, track),
    });
    window.__linkroomDebug = { inboundVideoStats: () => session.inboundVideoStats() };
    session.join(roomId).then(
      () => useCallStore.getState().setPhase('connected'),
      (err: unknown) => useCallStore.getState().setPhase('failed', err instanceof Error ? err.message : String(err)),
    );
    return () => {
      session.close();
      transport.close();
      delete window.__linkroomDebug;
    };
  }, [roomId]);

  const remotes = Object.entries(remoteStreams);
  return (
    <main className="call">
      <header>
        <h1>Call {roomId}</h1>
        <p role="status" data-testid="call-connection">
          {phase === 'connecting' && 'Connecting…'}
          {phase === 'connected' && (remotes.length ? 'Connected' : 'Connected — waiting for the other class')}
          {phase === 'failed' && `Could not join the call: ${error}`}
        </p>
      </header>
      <section className="tiles" aria-label="Videos">
        {remotes.map(([peerId, stream]) => (
          <VideoTile key={peerId} stream={stream} label="Partner class" testId="remote-video" />
        ))}
        {localStream && <VideoTile stream={localStream} label="Our class (you)" testId="local-video" muted />}
      </section>
    </main>
  );
}
