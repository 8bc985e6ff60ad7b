// The camera and microphone a class device opens on /join, before it joins: permission is
// asked there, the teacher sees what works, and the stream is handed to the call's media
// session when the class is admitted (no second request, no wait).
import type { DeviceReadiness } from '../../../shared/schemas/call';

type DeviceProblem = Exclude<DeviceReadiness['camera'], 'ready' | 'off'>;

let held: MediaStream | null = null;

/** What the call asks of a camera: 720p when it can, for the partner's big tile. */
const CAMERA = { width: { ideal: 1280 }, height: { ideal: 720 } };

/** What a failed getUserMedia means for the class: blocked by the browser, no device, or another program has it. */
export function problemOf(err: unknown): DeviceProblem {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'blocked';
  if (name === 'NotReadableError' || name === 'AbortError') return 'in-use';
  return 'missing';
}

export interface PrejoinMedia {
  stream: MediaStream | null;
  readiness: DeviceReadiness;
}

/**
 * Opens the camera and microphone (or only the microphone), keeping the stream for the call.
 * A camera that fails is tried without: the class may still join with sound only.
 */
export async function openPrejoinMedia({ camera }: { camera: boolean }): Promise<PrejoinMedia> {
  releasePrejoinMedia();
  const video = CAMERA;
  let cameraState: DeviceReadiness['camera'] = camera ? 'ready' : 'off';
  let stream: MediaStream | null = null;
  if (camera) {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
    } catch (err) {
      cameraState = problemOf(err);
    }
  }
  let microphone: DeviceReadiness['microphone'] = 'ready';
  if (!stream) {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      microphone = problemOf(err);
      // No microphone either: the camera alone, if it works, is still worth having.
      if (camera) {
        try {
          stream = await navigator.mediaDevices.getUserMedia({ video });
          cameraState = 'ready';
        } catch (videoErr) {
          cameraState = problemOf(videoErr);
        }
      }
    }
  }
  held = stream;
  return { stream, readiness: { camera: cameraState, microphone } };
}

/** The stream opened on /join, for the call's media session; null if none (a reload, a rejoin). */
export function takePrejoinStream(): MediaStream | null {
  const stream = held && held.getTracks().some((t) => t.readyState === 'live') ? held : null;
  held = null;
  return stream;
}

/** Camera and microphone, or the microphone alone when the camera cannot be had (no pre-join stream: a reload, a teacher). */
export async function openLocalMedia(): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: true, video: CAMERA });
  } catch {
    return navigator.mediaDevices.getUserMedia({ audio: true });
  }
}

export function releasePrejoinMedia(): void {
  held?.getTracks().forEach((t) => t.stop());
  held = null;
}
