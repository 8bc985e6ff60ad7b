// A teacher's controls for one class, on that class's video tile: icon buttons, each with
// its name (read by screen readers, shown as a tooltip), so the teacher acts on the class
// they are looking at. Icons are lucide's: emoji show as empty boxes where no emoji font is.
import { DoorOpen, Maximize2, Mic, MicOff, UserX, Video, VideoOff, VolumeX, type LucideIcon } from 'lucide-react';
import type { CallState, ParticipantView } from '../../../shared/schemas/call';
import type { CallSession } from './call-session';

interface Props {
  p: ParticipantView;
  call: CallState;
  session: CallSession;
  send: (action: Promise<unknown>) => void;
}

function IconButton({ name, icon: Icon, pressed, onClick }: { name: string; icon: LucideIcon; pressed?: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={name}
      title={name}
      {...(pressed === undefined ? {} : { 'aria-pressed': pressed })}
      onClick={onClick}
    >
      <Icon aria-hidden="true" size={20} strokeWidth={2.25} />
    </button>
  );
}

export function ClassControls({ p, call, session, send }: Props) {
  const hasMic = call.micHolder === p.id;
  const participantId = p.id;
  return (
    <div className="class-controls" role="group" aria-label={`Controls for ${p.name}`} data-testid="class-controls">
      {!hasMic && <IconButton name="Give the microphone" icon={Mic} onClick={() => send(session.request('call:pass-mic', { participantId }))} />}
      <IconButton
        name="Spotlight"
        icon={Maximize2}
        pressed={call.spotlight === p.id}
        onClick={() => send(session.request('call:spotlight', { participantId: call.spotlight === participantId ? null : participantId }))}
      />
      <IconButton
        name={p.videoStopped ? 'Allow video' : 'Stop video'}
        icon={p.videoStopped ? Video : VideoOff}
        onClick={() => send(session.request('call:stop-video', { participantId, on: !p.videoStopped }))}
      />
      <IconButton
        name={p.hardMuted ? 'Allow to speak' : 'Hold muted'}
        icon={p.hardMuted ? Mic : MicOff}
        onClick={() => send(session.request('call:hard-mute', { participantId, on: !p.hardMuted }))}
      />
      <IconButton name="Mute" icon={VolumeX} onClick={() => send(session.request('call:mute', { participantId }))} />
      <IconButton name="Back to lobby" icon={DoorOpen} onClick={() => send(session.request('call:remove', { participantId, toLobby: true }))} />
      <IconButton name="Remove" icon={UserX} onClick={() => send(session.request('call:remove', { participantId }))} />
    </div>
  );
}
