import { describe, expect, it } from 'vitest';
import { readinessInWords } from '../../client/src/prejoin/readiness-words';

describe('readinessInWords', () => {
  it('says what works and what does not, camera first', () => {
    expect(readinessInWords({ camera: 'ready', microphone: 'ready' })).toBe('camera ready, microphone ready');
    expect(readinessInWords({ camera: 'off', microphone: 'ready' })).toBe('sound only (no camera), microphone ready');
    expect(readinessInWords({ camera: 'blocked', microphone: 'in-use' })).toBe('camera blocked, microphone busy');
  });
});
