// The pre-join check on /join: the class sees its own picture and its microphone moving
// before it joins, and a camera the browser blocks gets a fix it can follow, a retry and
// the choice to join with sound only.
import { useEffect, useRef } from 'react';
import type { DeviceReadiness } from '../../../shared/schemas/call';
import { readinessInWords } from './readiness-words';
import { useMicLevel } from './use-mic-level';

interface Props {
  stream: MediaStream | null;
  readiness: DeviceReadiness | null;
  onRetry: () => void;
  onSoundOnly: () => void;
}

export function PrejoinCheck({ stream, readiness, onRetry, onSoundOnly }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const level = useMicLevel(stream);
  useEffect(() => {
    if (video.current) video.current.srcObject = stream;
  }, [stream]);
  const hasVideo = !!stream?.getVideoTracks().length;
  return (
    <section className="prejoin" aria-labelledby="prejoin-h">
      <h2 id="prejoin-h">Camera and microphone check</h2>
      {!readiness && <p role="status">Asking the browser for the camera and microphone… If it asks, choose “Allow”.</p>}
      {hasVideo && (
        <video ref={video} data-testid="prejoin-preview" className="prejoin-preview" autoPlay playsInline muted aria-label="What your partner class will see" />
      )}
      {stream?.getAudioTracks().length ? (
        <label className="prejoin-mic">
          Microphone: say hello!
          <meter data-testid="prejoin-mic-level" min={0} max={1} low={0.05} value={level} aria-label="Microphone level" />
        </label>
      ) : null}
      {readiness && <ReadinessSummary readiness={readiness} />}
      {readiness && readiness.camera !== 'ready' && readiness.camera !== 'off' && (
        <div className="notices" role="alert" data-testid="prejoin-camera-blocked">
          <p>
            <strong>{cameraProblem(readiness.camera)}</strong>
          </p>
          <p>{fixFor(readiness.camera)}</p>
          <div className="actions">
            <button type="button" onClick={onRetry}>
              Try again
            </button>
            {readiness.microphone === 'ready' && (
              <button type="button" className="secondary" onClick={onSoundOnly}>
                Join with sound only
              </button>
            )}
          </div>
        </div>
      )}
      {readiness && readiness.microphone !== 'ready' && (
        <p role="alert" className="notices">
          <strong>{readiness.microphone === 'blocked' ? 'The browser is blocking the microphone.' : 'No microphone was found.'}</strong> Your partner class will
          not hear you. {readiness.microphone === 'blocked' ? fixFor('blocked') : 'Plug one in (or a webcam with one) and press “Try again”.'}
        </p>
      )}
    </section>
  );
}

function ReadinessSummary({ readiness }: { readiness: DeviceReadiness }) {
  const words = readinessInWords(readiness);
  return (
    <p className="prejoin-summary" role="status">
      {words.charAt(0).toUpperCase() + words.slice(1)}.
    </p>
  );
}

function cameraProblem(problem: DeviceReadiness['camera']): string {
  if (problem === 'blocked') return 'The browser is blocking the camera.';
  if (problem === 'in-use') return 'Another program is using the camera.';
  return 'No camera was found.';
}

/** What to do about it, in the words of the browser in use. */
function fixFor(problem: DeviceReadiness['camera']): string {
  if (problem === 'in-use') return 'Close Teams, Zoom or any other program that uses the camera, then press “Try again”.';
  if (problem === 'missing') return 'Plug in the webcam (or check it is switched on), then press “Try again”.';
  const ua = navigator.userAgent;
  if (/Firefox\//.test(ua)) {
    return 'Click the camera icon at the left of the address bar, remove “Blocked temporarily” (or set the camera to Allow), then press “Try again”.';
  }
  if (/Edg\//.test(ua)) return 'Click the lock icon at the left of the address bar, set Camera and Microphone to “Allow”, then press “Try again”.';
  if (/Safari\//.test(ua) && !/Chrome\//.test(ua)) {
    return 'Open Safari › Settings for This Website, set Camera and Microphone to “Allow”, then press “Try again”.';
  }
  return 'Click the camera icon at the right of the address bar (or the icon at its left), choose “Always allow”, then press “Try again”. If the school manages this laptop, ask the IT team to allow the camera for this site.';
}
