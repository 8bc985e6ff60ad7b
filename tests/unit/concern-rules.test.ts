import { describe, expect, it } from 'vitest';
import { CONCERN_TRANSITIONS, refuseConcernChange } from '../../shared/safeguarding/concern-rules.js';
import { CONCERN_STATUSES } from '../../shared/schemas/safeguarding.js';

const full = { decision: 'Spoke to the class teacher', reason: 'The words were a quote from a book' };

describe('concern status changes', () => {
  it('follows open → under review → action taken / no further action, and allows reopening', () => {
    expect(refuseConcernChange('open', 'under-review', full)).toBeNull();
    expect(refuseConcernChange('under-review', 'action-taken', full)).toBeNull();
    expect(refuseConcernChange('under-review', 'no-further-action', full)).toBeNull();
    expect(refuseConcernChange('no-further-action', 'under-review', full)).toBeNull();
  });

  it('refuses every change not in the table, naming what is possible', () => {
    for (const from of CONCERN_STATUSES) {
      for (const to of CONCERN_STATUSES) {
        const refusal = refuseConcernChange(from, to, full);
        if (CONCERN_TRANSITIONS[from].includes(to)) expect(refusal).toBeNull();
        else expect(refusal).toMatchObject({ code: 'wrong-status', message: expect.stringContaining(CONCERN_TRANSITIONS[from][0]!) });
      }
    }
  });

  it('requires a decision and a reason, even on an allowed change', () => {
    expect(refuseConcernChange('open', 'under-review', { decision: 'Review', reason: '  ' })?.code).toBe('reason-required');
    expect(refuseConcernChange('open', 'under-review', { decision: 'Review' })?.code).toBe('reason-required');
    expect(refuseConcernChange('open', 'under-review', { reason: 'Because' })?.code).toBe('decision-required');
  });
});
