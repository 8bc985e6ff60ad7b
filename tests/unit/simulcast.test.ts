import { describe, expect, it } from 'vitest';
import { preferLayerForWidth, SIMULCAST_ENCODINGS } from '../../client/src/call/simulcast.js';

describe('simulcast layers', () => {
  it('sends three layers, smallest first', () => {
    expect(SIMULCAST_ENCODINGS.map((e) => e.scaleResolutionDownBy)).toEqual([4, 2, 1]);
  });

  it('asks for the layer a tile needs', () => {
    expect(preferLayerForWidth(200)).toBe(0);
    expect(preferLayerForWidth(320)).toBe(0);
    expect(preferLayerForWidth(500)).toBe(1);
    expect(preferLayerForWidth(1280)).toBe(2);
  });
});
