import { useEffect, useState } from 'react';
import type { CallState } from '../../../shared/schemas/call';
import { useShallow } from 'zustand/react/shallow';
import { useCallStore } from '../stores/call-store';
import { SCREEN_SUFFIX, type MediaEndpoint } from './media-session';
import { VideoTile } from './VideoTile';

const STATUS_WORDS: Record<CallState['status'], string> = {
  'waiting-for-adults': 'Waiting',
  live: 'Live',
  paused: 'Paused',
  ended: 'Ended',
};

function useMinutesLeft(startedAt: string | null, durationMin: number | undefined): number | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (!startedAt || durationMin === undefined) return null;
  return Math.ceil(durationMin - (now - new Date(startedAt).getTime()) / 60_000);
}

/** What everyone in a call sees: status, the agenda step with its timer, the videos. */
export function CallView({ call, big = false, onTileWidth }: { call: CallState; big?: boolean; onTileWidth?: (peerId: string, widthPx: number) => void }) {
  const { localStream, remoteStreams, connected, error, activeSpeaker, speaking, mediaReconnecting, mediaBlocked } = useCallStore(
    useShallow((s) => ({
      mediaReconnecting: s.mediaReconnecting,
      mediaBlocked: s.mediaBlocked,
      localStream: s.localStream,
      remoteStreams: s.remoteStreams,
      connected: s.connected,
      error: s.error,
      activeSpeaker: s.activeSpeaker,
      speaking: s.speaking,
    })),
  );
  const step = call.agenda.steps[call.agenda.current];
  const left = useMinutesLeft(call.status === 'live' ? call.agenda.startedAt : null, step?.durationMin);
  const byPeer = new Map(call.participants.filter((p) => p.peerId).map((p) => [p.peerId!, p]));
  const spotlightPeer = call.participants.find((p) => p.id === call.spotlight)?.peerId ?? null;
  // A shared screen comes first, then the spotlighted class (both large), then everyone else.
  const rank = (key: string) => (key.endsWith(SCREEN_SUFFIX) ? 2 : key === spotlightPeer ? 1 : 0);
  const remotes = Object.entries(remoteStreams).sort(([a], [b]) => rank(b) - rank(a));
  return (
    <div className={big ? 'call big' : 'call'}>
      <div className={`status-banner ${call.status}`} role="status" aria-live="polite">
        <strong>{STATUS_WORDS[call.status]}</strong>{' '}
        <span data-testid="call-status" className="status-code">
          {call.status}
        </span>
        <span> — {call.reason}</span>
        {!connected && <span> Reconnecting…</span>}
        {call.mediaInterruptedSince && <span data-testid="media-interrupted"> · The video server restarted: pictures and sound are coming back…</span>}
        {call.locked && <span> · Locked</span>}
      </div>
      {error && <p role="alert">{error}</p>}
      {mediaBlocked && <MediaBlocked endpoints={mediaBlocked} />}
      <div className="agenda-bar">
        <span className="muted">
          Step {call.agenda.current + 1} of {call.agenda.steps.length}
        </span>
        <h2 data-testid="agenda-step">{step?.title ?? '—'}</h2>
        {left !== null && <span className="timer">{left > 0 ? `${left} min left` : 'Time is up'}</span>}
      </div>
      <section className="tiles" aria-label="Videos">
        {remotes.map(([peerId, stream]) => {
          if (peerId.endsWith(SCREEN_SUFFIX)) {
            const sharer = byPeer.get(peerId.slice(0, -SCREEN_SUFFIX.length));
            return <VideoTile key={peerId} stream={stream} label={`Screen shared by ${sharer?.name ?? 'a teacher'}`} testId="remote-screen" spotlight />;
          }
          const who = byPeer.get(peerId);
          const label = `${who?.name ?? 'Partner'}${who?.audioOnly || call.you.audioOnly ? ' (audio only)' : ''}${who?.handRaised ? ' ✋' : ''}${who?.muted ? ' 🔇' : ''}${call.micHolder && who?.id === call.micHolder ? ' 🎤' : ''}`;
          return (
            <VideoTile
              key={peerId}
              stream={stream}
              label={label}
              testId="remote-video"
              spotlight={peerId === spotlightPeer}
              speaking={speaking.includes(peerId) || peerId === activeSpeaker}
              reconnecting={!!who?.mediaReconnecting}
              {...(onTileWidth ? { onWidth: (w: number) => onTileWidth(peerId, w) } : {})}
            />
          );
        })}
        {localStream && <VideoTile stream={localStream} label="Us" testId="local-video" muted reconnecting={mediaReconnecting} />}
      </section>
    </div>
  );
}

/** Media that never got through: what to ask the school's IT team, in their terms. */
function MediaBlocked({ endpoints }: { endpoints: MediaEndpoint[] }) {
  const where = (protocol: 'udp' | 'tcp') =>
    [...new Set(endpoints.filter((e) => e.protocol === protocol).map((e) => `${e.address} port ${e.port}`))].join(', ');
  const udp = where('udp');
  const tcp = where('tcp');
  return (
    <div role="alert" className="notices" data-testid="media-blocked">
      <p>
        <strong>Video and sound cannot get through this network.</strong> The call is still on: it keeps trying, and the pictures will appear as soon as they
        get through.
      </p>
      <p>
        Ask the school’s IT team to allow {udp ? <>UDP to {udp}</> : null}
        {udp && tcp ? ', or at least ' : null}
        {tcp ? <>TCP to {tcp}</> : null} (Linkroom’s media server), then reload this page. A different network (another room’s wifi, a wired socket) may work
        meanwhile.
      </p>
    </div>
  );
}
