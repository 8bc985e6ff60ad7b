import { useCallback, useEffect, useState } from 'react';
import type { DeviceReadiness } from '../../../shared/schemas/call';
import type { JoinAs } from '../call/call-session';
import { api } from '../api/http';
import { FormError } from '../components/FormError';
import { PrejoinCheck } from '../prejoin/PrejoinCheck';
import { openPrejoinMedia, releasePrejoinMedia } from '../prejoin/prejoin-media';
import { useShallow } from 'zustand/react/shallow';
import { useCallStore } from '../stores/call-store';
import { OnDemandModule, useOnDemandModule } from '../components/on-demand-module';

// The call itself (mediasoup-client, the board, the wall) is its own chunk: the form shows
// without it, and it is fetched as soon as the class starts typing its code.
const deviceCall = new OnDemandModule(() => import('../call/DeviceCall'));

/** The class device's way in: a code from the teacher and the class's name, then the lobby. */
export function JoinPage() {
  const [as, setAs] = useState<JoinAs | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const { call, phase, error } = useCallStore(useShallow((s) => ({ call: s.call, phase: s.phase, error: s.error })));
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [readiness, setReadiness] = useState<DeviceReadiness | null>(null);
  /** The code is being looked up, or why it did not open a call. */
  const [lookup, setLookup] = useState<{ checking: boolean; error?: string }>({ checking: false });
  const callScreen = useOnDemandModule(deviceCall, as !== null);
  // Permission is asked here, before joining: once admitted, the class is seen at once.
  const check = useCallback((camera: boolean) => {
    setReadiness(null);
    void openPrejoinMedia({ camera }).then((m) => {
      setStream(m.stream);
      setReadiness(m.readiness);
    });
  }, []);
  useEffect(() => {
    check(true);
  }, [check]);
  // Leaving /join without joining gives the camera back.
  useEffect(() => () => void (!useCallStore.getState().call && releasePrejoinMedia()), []);

  if (!as || (phase === 'failed' && !call)) {
    return (
      <main className="narrow join">
        <h1>Join your class call</h1>
        <form
          onFocus={() => void deviceCall.load().catch(() => undefined)}
          onSubmit={(e) => {
            e.preventDefault();
            const [typed, displayName] = [code.trim(), name.trim()];
            setLookup({ checking: true });
            // Which call the code opens first: its connection then goes where that call is served.
            api
              .post<{ callId: string }>('/api/calls/by-code', { code: typed, displayName })
              .then(({ callId }) => {
                useCallStore.getState().reset();
                setLookup({ checking: false });
                setAs({ kind: 'device', callId, code: typed, displayName, ...(readiness ? { readiness } : {}) });
              })
              .catch((err: unknown) => setLookup({ checking: false, error: err instanceof Error ? err.message : String(err) }));
          }}
        >
          <label>
            Code from your teacher
            <input data-testid="join-code" required autoComplete="off" autoCapitalize="characters" value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
          <label>
            Our class name (not a pupil’s name)
            <input data-testid="join-name" required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Class 4R" />
          </label>
          <FormError message={lookup.error ?? (as ? (error ?? undefined) : undefined)} />
          <button data-testid="join-submit" type="submit" disabled={lookup.checking}>
            {lookup.checking ? 'Checking the code…' : 'Join'}
          </button>
        </form>
        <PrejoinCheck stream={stream} readiness={readiness} onRetry={() => check(true)} onSoundOnly={() => check(false)} />
      </main>
    );
  }
  return callScreen ? <callScreen.DeviceCall as={as} /> : <p role="status">Joining…</p>;
}
