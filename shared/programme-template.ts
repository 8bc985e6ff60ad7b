// The linking year as the seed programmes run it (Luton, Lancashire, Nottinghamshire):
// three phases with their lessons and dated milestones. A coordinator copies it into a
// new programme and adjusts the dates.
import type { YearPlan } from './schemas/programme.js';

export const SCHOOLS_LINKING_TEMPLATE: YearPlan = {
  phases: [
    {
      number: 1,
      title: 'Who am I? Who are we?',
      lessons: [
        { key: 'p1-l1', title: 'Who am I?' },
        { key: 'p1-l2', title: 'Who are we?' },
        { key: 'p1-l3', title: 'Our identities' },
        { key: 'p1-l4', title: 'Celebrating difference' },
        { key: 'p1-l5', title: 'Things we share' },
        { key: 'p1-l6', title: 'Getting ready to meet' },
      ],
      milestones: [
        { key: 'p1-exchange', kind: 'exchange', title: 'Exchange identity work' },
        {
          key: 'p1-call-1',
          kind: 'call',
          title: 'First video call: meet our link class',
          agenda: [
            { title: 'Welcome and hello from each class', durationMin: 5 },
            { title: 'Who are we? Each class introduces itself', durationMin: 15 },
            { title: 'A name game together', durationMin: 10 },
            { title: 'Goodbye until next time', durationMin: 5 },
          ],
        },
        {
          key: 'p1-call-2',
          kind: 'call',
          title: 'Second video call: share our identity posters',
          agenda: [
            { title: 'Welcome', durationMin: 5 },
            { title: 'Each class shares its identity posters', durationMin: 20 },
            { title: 'Things we have in common', durationMin: 10 },
            { title: 'Goodbye', durationMin: 5 },
          ],
        },
      ],
    },
    {
      number: 2,
      title: 'Where do we live? How do we all live together?',
      lessons: [
        { key: 'p2-l1', title: 'Where do we live?' },
        { key: 'p2-l2', title: 'Shared values' },
        { key: 'p2-l3', title: 'Social action together' },
      ],
      milestones: [
        {
          key: 'p2-call-1',
          kind: 'call',
          title: 'Video call: draw our town together',
          agenda: [
            { title: 'Welcome', durationMin: 5 },
            { title: 'Where do we live? Each class shows its area', durationMin: 10 },
            { title: 'Draw our town together', durationMin: 20, kind: 'whiteboard' },
            { title: 'Goodbye', durationMin: 5 },
          ],
        },
        { key: 'p2-neutral-venue', kind: 'neutral-venue', title: 'Meet at a neutral venue' },
        { key: 'p2-visit-a', kind: 'class-visit', title: 'First school hosts a class visit' },
        { key: 'p2-visit-b', kind: 'class-visit', title: 'Second school hosts a class visit' },
      ],
    },
    {
      number: 3,
      title: 'Reflect and say goodbye',
      lessons: [{ key: 'p3-l1', title: 'What we learned together' }],
      milestones: [
        {
          key: 'p3-call-goodbye',
          kind: 'call',
          title: 'Goodbye video call',
          agenda: [
            { title: 'Welcome', durationMin: 5 },
            { title: 'What we learned about each other', durationMin: 15 },
            { title: 'Our favourite moments', durationMin: 10 },
            { title: 'Goodbye', durationMin: 5 },
          ],
        },
      ],
    },
  ],
};

export const DEFAULT_RETENTION = { callLogMonths: 12, exchangeDays: 30, concernYears: 25 } as const;
