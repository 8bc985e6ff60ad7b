import type { DeviceReadiness } from '../../../shared/schemas/call';

const CAMERA_WORDS: Record<DeviceReadiness['camera'], string> = {
  ready: 'camera ready',
  off: 'sound only (no camera)',
  blocked: 'camera blocked',
  missing: 'no camera',
  'in-use': 'camera busy',
};
const MICROPHONE_WORDS: Record<DeviceReadiness['microphone'], string> = {
  ready: 'microphone ready',
  blocked: 'microphone blocked',
  missing: 'no microphone',
  'in-use': 'microphone busy',
};

/** A device's camera and microphone in words, e.g. "camera ready, microphone ready" (for the class and its teacher alike). */
export function readinessInWords(readiness: DeviceReadiness): string {
  return `${CAMERA_WORDS[readiness.camera]}, ${MICROPHONE_WORDS[readiness.microphone]}`;
}
