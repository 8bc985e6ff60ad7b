// What the call page shows: connection state, the local stream, one stream per remote peer.
import { create } from 'zustand';
import type { CallState, ChatMessageView } from '../../../shared/schemas/call';
import type { MediaEndpoint } from '../call/media-session';

export type CallPhase = 'connecting' | 'connected' | 'failed';

interface CallStore {
  call: CallState | null;
  connected: boolean;
  removedReason: string | null;
  chat: ChatMessageView[];
  /** SFU peer ids: the dominant speaker, and everyone above the speaking threshold. */
  activeSpeaker: string | null;
  speaking: string[];
  /** This browser's media connection dropped and is being restored. */
  mediaReconnecting: boolean;
  /** Media never got through this network: where it must reach (for the school's IT team). */
  mediaBlocked: MediaEndpoint[] | null;
  setChat: (chat: ChatMessageView[]) => void;
  setCall: (call: CallState) => void;
  setConnected: (connected: boolean) => void;
  setRemoved: (reason: string) => void;
  clearMedia: () => void;
  phase: CallPhase;
  error: string | null;
  localStream: MediaStream | null;
  remoteStreams: Record<string, MediaStream>;
  setPhase: (phase: CallPhase, error?: string) => void;
  /** Shows a refused action without changing the phase. */
  setError: (error: string | null) => void;
  setLocalStream: (stream: MediaStream) => void;
  addRemoteTrack: (peerId: string, track: MediaStreamTrack) => void;
  removeRemoteTrack: (peerId: string, track: MediaStreamTrack) => void;
  reset: () => void;
}

/** What a call page starts from (and goes back to for the next call). */
const INITIAL = {
  phase: 'connecting',
  error: null,
  localStream: null,
  remoteStreams: {},
  call: null,
  connected: false,
  removedReason: null,
  chat: [],
  activeSpeaker: null,
  speaking: [],
  mediaReconnecting: false,
  mediaBlocked: null,
} satisfies Partial<CallStore>;

export const useCallStore = create<CallStore>((set) => ({
  ...INITIAL,
  setChat: (chat) => set({ chat }),
  setCall: (call) => set({ call }),
  setConnected: (connected) => set({ connected }),
  setRemoved: (removedReason) => set({ removedReason }),
  clearMedia: () => set({ localStream: null, remoteStreams: {} }),
  setPhase: (phase, error) => set({ phase, error: error ?? null }),
  setError: (error) => set({ error }),
  setLocalStream: (localStream) => set({ localStream }),
  addRemoteTrack: (peerId, track) =>
    set((s) => {
      // A new MediaStream object so that React sees the change and re-attaches it.
      const stream = new MediaStream([...(s.remoteStreams[peerId]?.getTracks() ?? []), track]);
      return { remoteStreams: { ...s.remoteStreams, [peerId]: stream } };
    }),
  removeRemoteTrack: (peerId, track) =>
    set((s) => {
      const left = (s.remoteStreams[peerId]?.getTracks() ?? []).filter((t) => t !== track);
      const { [peerId]: _gone, ...rest } = s.remoteStreams;
      return { remoteStreams: left.length ? { ...rest, [peerId]: new MediaStream(left) } : rest };
    }),
  reset: () => set(INITIAL),
}));
