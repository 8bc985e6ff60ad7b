import { describe, expect, it } from 'vitest';
import { labelOf, payloadFields } from '../../shared/payload-fields.js';

describe('payloadFields', () => {
  it('labels each detail in words and sets ids apart as technical', () => {
    expect(payloadFields({ participantId: '65f0c0ffee', name: 'Class 4R', toLobby: true, channel: 'class' })).toEqual({
      shown: [
        { label: 'Name', value: 'Class 4R' },
        { label: 'To lobby', value: 'yes' },
        { label: 'Channel', value: 'class' },
      ],
      technical: [{ label: 'Participant id', value: '65f0c0ffee' }],
    });
  });

  it('writes nested details and lists as text, never as JSON braces for simple values', () => {
    expect(payloadFields({ classes: ['4R', '4S'], reason: { code: 'too-large', bytes: 12 } }).shown).toEqual([
      { label: 'Classes', value: '4R, 4S' },
      { label: 'Reason', value: 'Code: too-large; Bytes: 12' },
    ]);
  });

  it('has nothing to show for an event without details', () => {
    expect(payloadFields(undefined)).toEqual({ shown: [], technical: [] });
    expect(labelOf('mutedBy')).toBe('Muted by');
  });
});
