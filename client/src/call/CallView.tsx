import { useEffect, useState, type ReactNode } from 'react';
import type { CallState, ParticipantView } from '../../../shared/schemas/call';
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

interface Props {
  call: CallState;
  /**
   * The class's screen (an interactive board seen from the back of the room): the partner
   * class fills the stage, teachers and the class's own picture sit small beside it, with
   * `aside` (the class's controls) under them.
   */
  classScreen?: boolean;
  aside?: ReactNode;
  /** Presenter mode: what a teacher put on both classes' screens (the board), beside the partner's video. */
  presented?: ReactNode;
  onTileWidth?: (peerId: string, widthPx: number) => void;
  /** A teacher's controls for a participant, put on that participant's tile. */
  tileControls?: (participant: ParticipantView) => ReactNode;
}

/** What everyone in a call sees: status, the agenda step with its timer, the videos. */
export function CallView({ call, classScreen = false, aside, presented, onTileWidth, tileControls }: Props) {
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
  // A shared screen comes first, then the spotlighted class (both large), then the partner
  // classes, then one's own class, then the teachers.
  const mySchool = call.participants.find((p) => p.id === call.you.participantId)?.schoolId;
  const rank = (key: string) => {
    if (key.endsWith(SCREEN_SUFFIX)) return 4;
    if (key === spotlightPeer) return 3;
    const who = byPeer.get(key);
    if (who?.kind !== 'device') return 0;
    return who.schoolId === mySchool ? 1 : 2;
  };
  const remotes = Object.entries(remoteStreams).sort(([a], [b]) => rank(b) - rank(a));
  // On the class's screen the stage holds a shared screen, the spotlight, or else the partner class.
  const onStage = (key: string) =>
    key.endsWith(SCREEN_SUFFIX) || (spotlightPeer ? key === spotlightPeer : byPeer.get(key)?.kind === 'device' || !byPeer.has(key));
  const tile = ([peerId, stream]: [string, MediaStream]) => {
    if (peerId.endsWith(SCREEN_SUFFIX)) {
      const sharer = byPeer.get(peerId.slice(0, -SCREEN_SUFFIX.length));
      return <VideoTile key={peerId} stream={stream} label={`Screen shared by ${sharer?.name ?? 'a teacher'}`} testId="remote-screen" spotlight />;
    }
    const who = byPeer.get(peerId);
    // In words, not emoji (which show as empty boxes where no emoji font is installed).
    const notes = [
      (who?.audioOnly || call.you.audioOnly) && 'audio only',
      who?.handRaised && 'hand up',
      who?.muted && 'muted',
      call.micHolder && who?.id === call.micHolder && 'has the microphone',
    ].filter(Boolean);
    const label = `${who?.name ?? 'Partner'}${notes.length ? ` · ${notes.join(' · ')}` : ''}`;
    return (
      <VideoTile
        key={peerId}
        stream={stream}
        label={label}
        testId="remote-video"
        spotlight={peerId === spotlightPeer}
        speaking={speaking.includes(peerId) || peerId === activeSpeaker}
        reconnecting={!!who?.mediaReconnecting}
        controls={who && tileControls?.(who)}
        {...(onTileWidth ? { onWidth: (w: number) => onTileWidth(peerId, w) } : {})}
      />
    );
  };
  const own = localStream && <VideoTile stream={localStream} label="Us" testId="local-video" muted reconnecting={mediaReconnecting} />;
  const head = (
    <>
      <div className={`status-banner ${call.status}`} role="status" aria-live="polite">
        <strong>{STATUS_WORDS[call.status]}</strong>
        <span data-testid="call-status" className="visually-hidden">
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
        <span className="agenda-count">
          Step {call.agenda.current + 1} of {call.agenda.steps.length}
        </span>
        <h2 data-testid="agenda-step">{step?.title ?? '—'}</h2>
        {left !== null && <span className="timer">{left > 0 ? `${left} min left` : 'Time is up'}</span>}
      </div>
    </>
  );
  if (classScreen) {
    const stage = remotes.filter(([key]) => onStage(key));
    return (
      <div className="call class-screen">
        <header className="class-screen-head">{head}</header>
        {presented ? (
          <section className="stage presenting" aria-label="What the teachers are showing, and our partner class">
            <div className="presented">{presented}</div>
            <div className="stage-videos">{stage.map(tile)}</div>
          </section>
        ) : (
          <section className={`stage stage-${Math.min(stage.length, 4)}`} aria-label="Our partner class">
            {stage.length ? stage.map(tile) : <p className="stage-empty">Our partner class will appear here.</p>}
          </section>
        )}
        <aside className="strip" aria-label="Teachers, us and our controls">
          {remotes.filter(([key]) => !onStage(key)).map(tile)}
          {own}
          {aside}
        </aside>
      </div>
    );
  }
  return (
    <div className="call">
      {head}
      <section className="tiles" aria-label="Videos">
        {remotes.map(tile)}
        {own}
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
