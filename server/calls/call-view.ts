// The call state as each participant sees it: teachers also get the join codes.
import type { GuessingNotice } from './join-guard.js';
import type { CallState } from '../../shared/schemas/call.js';
import type { CallRuntime, Participant } from './call-runtime.js';

export interface DeviceCode {
  classId: string;
  className: string;
  schoolId: string;
  code: string;
  revoked: boolean;
}

export function reasonFor(runtime: CallRuntime, schoolNames: ReadonlyMap<string, string>): string {
  const d = runtime.lastDecision;
  switch (d.status) {
    case 'live':
      return 'The call is live.';
    case 'ended':
      return 'The call has ended.';
    default: {
      const waits: string[] = [];
      if (d.missingTeachers.length) waits.push(`a teacher from ${d.missingTeachers.map((s) => schoolNames.get(s) ?? 'the partner school').join(' and ')}`);
      if (d.missingDevices) waits.push('the class devices of both schools');
      const verb = d.status === 'paused' ? 'Paused: waiting for' : 'Waiting for';
      return `${verb} ${waits.join(' and ')}.`;
    }
  }
}

export function stateFor(
  runtime: CallRuntime,
  viewer: Participant,
  extra: { title: string; linkId: string; reason: string; codes: DeviceCode[]; guessing?: GuessingNotice | null; mediaInterruptedAt?: Date | null },
): CallState {
  return {
    callId: runtime.call.id,
    title: extra.title,
    linkId: extra.linkId,
    status: runtime.status,
    reason: extra.reason,
    agenda: { steps: runtime.call.agenda, current: runtime.currentStep, startedAt: runtime.stepStartedAt?.toISOString() ?? null },
    participants: [...runtime.participants.values()]
      // Class devices see who is in the call, not who is waiting outside it.
      .filter((p) => viewer.kind === 'teacher' || p.state !== 'lobby')
      .map((p) => ({
        id: p.id,
        // The SFU peer, so that screens can label and spotlight the right video.
        peerId: p.socketId,
        kind: p.kind,
        name: p.name,
        schoolId: p.schoolId,
        state: p.state,
        muted: runtime.audioHeld(p),
        hardMuted: p.hardMuted,
        handRaised: p.handRaised,
        videoStopped: p.videoStopped,
        audioOnly: runtime.isAudioOnly(p),
        mediaReconnecting: !!p.mediaReconnecting,
        ...(p.kind === 'device' ? { className: p.className ?? null, readiness: p.readiness ?? null } : {}),
      })),
    audioOnly: runtime.audioOnly,
    locked: runtime.locked,
    presentingBoard: runtime.presentingBoard,
    presentingWork: runtime.presentingWork,
    classChatOn: runtime.chat.classChatOn,
    spotlight: runtime.spotlight,
    micHolder: runtime.micHolder,
    you: {
      participantId: viewer.id,
      kind: viewer.kind,
      state: viewer.state,
      muted: runtime.audioHeld(viewer),
      hardMuted: viewer.hardMuted,
      handRaised: viewer.handRaised,
      audioOnly: runtime.isAudioOnly(viewer),
      ...(viewer.rejoinToken ? { rejoinToken: viewer.rejoinToken } : {}),
    },
    ...(viewer.kind === 'teacher' ? { codes: extra.codes } : {}),
    ...(extra.mediaInterruptedAt ? { mediaInterruptedSince: extra.mediaInterruptedAt.toISOString() } : {}),
    ...(viewer.kind === 'teacher' && extra.guessing
      ? { codeGuessing: { refused: extra.guessing.refused, addresses: extra.guessing.addresses, since: extra.guessing.since.toISOString() } }
      : {}),
  };
}
