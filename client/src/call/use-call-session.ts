import { useEffect, useState } from 'react';
import { useCallStore } from '../stores/call-store';
import { CallSession, type JoinAs } from './call-session';
import { joinSteps, markJoinStep, type JoinStep } from './join-steps';

declare global {
  interface Window {
    /** Diagnostics for support and the e2e tests: no data beyond what the page shows. */
    __linkroomDebug?: {
      inboundVideoStats: () => Promise<{ peerId: string; consumerId: string; framesDecoded: number; frameWidth: number }[]>;
      inboundAudioStats: () => Promise<{ concealedSamples: number; totalSamplesReceived: number }>;
      outboundVideoStats: () => Promise<{ rid: string; frameWidth: number; bytesSent: number; limitation: string }[]>;
      dropConnection: () => void;
      selectedCandidateTypes: () => Promise<string[]>;
      peerId: () => string | undefined;
      joinSteps: () => Partial<Record<JoinStep, number>>;
    };
  }
}

/** Joins a call for as long as the component is shown; the store holds what to render. */
export function useCallSession(as: JoinAs | null): CallSession | null {
  const [session, setSession] = useState<CallSession | null>(null);
  const key = as ? JSON.stringify(as) : null;
  useEffect(() => {
    if (!as) return;
    markJoinStep('call-page-mounted');
    const store = useCallStore.getState();
    store.reset();
    const s = new CallSession(as, {
      onState: (state) => useCallStore.getState().setCall(state),
      onRemoved: (reason) => useCallStore.getState().setRemoved(reason),
      onConnection: (connected) => useCallStore.getState().setConnected(connected),
      onError: (message) => useCallStore.getState().setPhase('failed', message),
      onMediaStopped: () => useCallStore.getState().clearMedia(),
      onChat: (messages) => useCallStore.getState().setChat(messages),
      onActiveSpeaker: (peerId) => useCallStore.setState({ activeSpeaker: peerId }),
      // Levels arrive twice a second: the store changes only when who is speaking does.
      onSpeaking: (peerIds) => {
        const now = useCallStore.getState().speaking;
        if (now.length !== peerIds.length || peerIds.some((p, i) => p !== now[i])) useCallStore.setState({ speaking: peerIds });
      },
      onMediaReconnecting: (mediaReconnecting) => useCallStore.setState({ mediaReconnecting }),
      onMediaBlocked: (mediaBlocked) => useCallStore.setState({ mediaBlocked }),
      onLocalStream: (stream) => useCallStore.getState().setLocalStream(stream),
      onRemoteTrack: (peerId, track) => useCallStore.getState().addRemoteTrack(peerId, track),
      onRemoteTrackEnded: (peerId, track) => useCallStore.getState().removeRemoteTrack(peerId, track),
    });
    window.__linkroomDebug = {
      inboundVideoStats: () => s.inboundVideoStats(),
      inboundAudioStats: () => s.inboundAudioStats(),
      outboundVideoStats: () => s.outboundVideoStats(),
      dropConnection: () => s.dropConnection(),
      selectedCandidateTypes: () => s.selectedCandidateTypes(),
      peerId: () => s.peerId,
      joinSteps,
    };
    setSession(s);
    return () => {
      s.close();
      delete window.__linkroomDebug;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `as`
  }, [key]);
  return session;
}
