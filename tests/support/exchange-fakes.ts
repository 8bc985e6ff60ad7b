// Fakes of the exchange wall's interfaces (server/exchange/exchange-ports.ts) for unit
// tests: items, comments and files in memory, and one `effects` list in the order asked.
import { Readable } from 'node:stream';
import type { Principal } from '../../shared/auth.js';
import type { Asker, ClassDevice } from '../../server/exchange/exchange-access.js';
import type { CommentRecord, ExchangeFiles, ExchangeLog, ExchangeRecords, ItemRecord, LinkRecord } from '../../server/exchange/exchange-ports.js';
import { ExchangeWall } from '../../server/exchange/exchange-wall.js';
import type { ScrubResult } from '../../server/exchange/scrub.js';
import type { LogEventInput } from '../../server/safeguarding/log-types.js';

export const P = 'programme-1';
export const A = 'school-a';
export const B = 'school-b';
export const LINK: LinkRecord = { id: 'link-1', programmeId: P, schoolIds: [A, B], classIds: ['class-a', 'class-b'], status: 'confirmed' };

export const teacher = (school: string): Asker => ({
  kind: 'staff',
  user: {
    userId: `t-${school}`,
    name: `Teacher ${school}`,
    principal: {
      userId: `t-${school}`,
      grants: [{ role: 'teacher', programmeId: P, schoolId: school }],
      classIds: [`class-${school.slice(-1)}`],
    } satisfies Principal,
  },
});
export const dsl: Asker = {
  kind: 'staff',
  user: { userId: 'dsl', name: 'Programme DSL', principal: { userId: 'dsl', grants: [{ role: 'programme-dsl', programmeId: P }], classIds: [] } },
};
export const device = (school: string, live = true, overrides: Partial<ClassDevice> = {}): Asker => ({
  kind: 'device',
  device: {
    linkId: LINK.id,
    schoolId: school,
    classId: `class-${school.slice(-1)}`,
    participantId: `d-${school}`,
    name: `Class of ${school}`,
    live,
    ...overrides,
  },
});

export const scrubbedPicture = (): ScrubResult => ({
  kind: 'image',
  ext: 'jpg',
  mime: 'image/jpeg',
  outputPath: '/tmp/scrubbed.jpg',
  bytes: 1234,
  width: 640,
  height: 480,
  thumbnail: Buffer.from('thumb'),
  report: { gps: 'removed' },
});

export class FakeExchange {
  readonly effects: string[] = [];
  readonly events: LogEventInput[] = [];
  readonly items = new Map<string, ItemRecord>();
  readonly comments = new Map<string, CommentRecord>();
  readonly storedFiles = new Set<string>();
  readonly concerns: { itemId: string; reason: string }[] = [];
  receiverApproval = false;
  surnames: string[] = [];
  scrubResult: () => Promise<ScrubResult> = () => Promise.resolve(scrubbedPicture());
  failCreate: Error | null = null;
  private ids = 0;

  readonly log: ExchangeLog = {
    record: (input) => {
      this.events.push(input);
      this.effects.push(`log:${input.type}`);
      return Promise.resolve();
    },
  };

  readonly files: ExchangeFiles = {
    putFile: (_path, name) => this.store(name),
    putBuffer: (_data, name) => this.store(name),
    open: (id) => Readable.from([`bytes of ${id as string}`]),
    remove: (id) => {
      // The fake's file ids are strings (store() below); none is given for a missing file.
      if (id) this.storedFiles.delete(id as string);
      this.effects.push(`file-removed:${(id as string | undefined) ?? 'none'}`);
      return Promise.resolve();
    },
  };

  readonly records: ExchangeRecords = {
    newId: () => `id-${++this.ids}`,
    link: (id) => Promise.resolve(id === LINK.id ? LINK : null),
    schools: () =>
      Promise.resolve({
        names: new Map([
          [A, 'Ash Primary'],
          [B, 'Beech Primary'],
        ]),
        receiverApproval: this.receiverApproval,
      }),
    milestoneExists: (_p, key) => Promise.resolve(key === 'autumn-letters'),
    wall: () => Promise.resolve({ items: [...this.items.values()].filter((i) => !i.deleted), comments: [...this.comments.values()] }),
    item: (id) => Promise.resolve(this.items.get(id) ?? null),
    comment: (id) => Promise.resolve(this.comments.get(id) ?? null),
    createItem: (item) => {
      if (this.failCreate) return Promise.reject(this.failCreate);
      const record: ItemRecord = { ...item, flagged: false, deleted: false, createdAt: new Date('2026-12-07T10:00:00Z') };
      this.items.set(item.id, record);
      this.effects.push(`item-created:${item.id}`);
      return Promise.resolve(record);
    },
    createComment: (comment) => {
      this.comments.set(comment.id, comment);
      this.effects.push(`comment-created:${comment.id}`);
      return Promise.resolve(comment);
    },
    decideItem: (item, decision) => {
      const now = this.items.get(item.id)!;
      if (now.senderApproval !== item.senderApproval || now.receiverApproval !== item.receiverApproval) return Promise.resolve(false);
      this.items.set(item.id, { ...now, ...decision });
      this.effects.push(`item-decided:${item.id}`);
      return Promise.resolve(true);
    },
    decideComment: (comment, decision) => {
      const now = this.comments.get(comment.id)!;
      if (now.senderApproval !== comment.senderApproval || now.receiverApproval !== comment.receiverApproval) return Promise.resolve(false);
      this.comments.set(comment.id, { ...now, ...decision });
      return Promise.resolve(true);
    },
    flagItem: (id) => {
      this.items.set(id, { ...this.items.get(id)!, flagged: true });
      this.effects.push(`item-flagged:${id}`);
      return Promise.resolve();
    },
    deleteItem: (id) => {
      this.items.set(id, { ...this.items.get(id)!, deleted: true });
      this.effects.push(`item-deleted:${id}`);
      return Promise.resolve();
    },
  };

  wall(): ExchangeWall {
    return new ExchangeWall({
      records: this.records,
      files: this.files,
      log: this.log,
      surnamesOf: () => Promise.resolve(this.surnames),
      scrub: () => this.scrubResult(),
      raiseConcern: ({ item, reason }) => {
        this.concerns.push({ itemId: item.id, reason });
        this.effects.push(`concern:${item.id}`);
        return Promise.resolve();
      },
    });
  }

  logged(): string[] {
    return this.events.map((e) => e.type);
  }

  private store(name: string): Promise<string> {
    const id = `file:${name}`;
    this.storedFiles.add(id);
    this.effects.push(`file-stored:${name}`);
    return Promise.resolve(id);
  }
}

export const upload = (title?: string, source?: 'board') => ({
  filePath: '/tmp/upload',
  workDir: '/tmp',
  bytes: 2000,
  fields: { ...(title ? { title } : {}), ...(source ? { source } : {}) },
});
