// The exchange's items and comments as stored in MongoDB (ExchangeRecords in exchange-ports.ts).
import { Types, type HydratedDocument } from 'mongoose';
import type { Models } from '../db/models.js';
import { linkNeedsReceiverApproval } from './approval.js';
import type { ExchangeCommentDoc } from './exchange-comment.model.js';
import type { ExchangeItemDoc } from './exchange-item.model.js';
import type { CommentRecord, Decision, ExchangeRecords, ItemRecord, LinkRecord, NewComment, NewItem, Poster } from './exchange-ports.js';

type ItemDoc = HydratedDocument<ExchangeItemDoc>;
type CommentDoc = HydratedDocument<ExchangeCommentDoc>;

const optional = <K extends string, V>(key: K, value: V | null | undefined) =>
  value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>);

const posterOf = (by: { kind: 'user' | 'device'; id: string; label?: string | null } | null | undefined): Poster => ({
  kind: by?.kind ?? 'user',
  id: by?.id ?? '',
  label: by?.label ?? null,
});

function itemRecord(i: ItemDoc): ItemRecord {
  return {
    id: i.id,
    programmeId: String(i.programmeId),
    linkId: String(i.linkId),
    fromSchoolId: String(i.fromSchoolId),
    kind: i.kind,
    title: i.title,
    ...optional('milestoneKey', i.milestoneKey),
    by: posterOf(i.by),
    ...optional('mime', i.mime),
    bytes: i.bytes ?? 0,
    ...optional('width', i.width),
    ...optional('height', i.height),
    ...optional('text', i.text),
    ...optional('fileId', i.fileId),
    ...optional('thumbnailId', i.thumbnailId),
    senderApproval: i.senderApproval,
    receiverApproval: i.receiverApproval,
    rejection: i.rejection ?? null,
    flagged: !!i.flagged,
    ...optional('personalDetails', i.personalDetails),
    deleted: !!i.deletedAt,
    createdAt: (i as unknown as { createdAt: Date }).createdAt,
  };
}

function commentRecord(c: CommentDoc): CommentRecord {
  return {
    id: c.id,
    itemId: String(c.itemId),
    linkId: String(c.linkId),
    fromSchoolId: String(c.fromSchoolId),
    by: posterOf(c.by),
    ...optional('text', c.text),
    ...optional('reaction', c.reaction),
    senderApproval: c.senderApproval,
    receiverApproval: c.receiverApproval,
    rejection: c.rejection ?? null,
    ...optional('personalDetails', c.personalDetails),
  };
}

/** Matches the document only as it was read: a decision made meanwhile by someone else wins. */
const asRead = (d: { id: string; senderApproval: string; receiverApproval: string }): Record<string, unknown> => ({
  _id: d.id,
  senderApproval: d.senderApproval,
  receiverApproval: d.receiverApproval,
});

export class MongoExchangeRecords implements ExchangeRecords {
  constructor(private readonly models: Pick<Models, 'Link' | 'School' | 'Programme' | 'ExchangeItem' | 'ExchangeComment'>) {}

  newId(): string {
    return new Types.ObjectId().toString();
  }

  async link(linkId: string): Promise<LinkRecord | null> {
    const link = await this.models.Link.findById(linkId);
    if (!link) return null;
    return {
      id: link.id,
      programmeId: String(link.programmeId),
      schoolIds: link.schoolIds.map(String),
      classIds: link.classIds.map(String),
      status: link.status,
    };
  }

  async schools(schoolIds: string[]) {
    const schools = await this.models.School.find({ _id: { $in: schoolIds } }, { name: 1, incomingWorkNeedsApproval: 1 });
    return { names: new Map(schools.map((s) => [s.id, s.name])), receiverApproval: linkNeedsReceiverApproval(schools) };
  }

  async milestoneExists(programmeId: string, key: string): Promise<boolean> {
    const programme = await this.models.Programme.findById(programmeId, { plan: 1 });
    return !!programme?.plan?.phases.some((p) => p.milestones.some((m) => m.key === key));
  }

  async wall(linkId: string) {
    const [items, comments] = await Promise.all([
      this.models.ExchangeItem.find({ linkId, deletedAt: { $exists: false } }).sort({ createdAt: -1 }),
      this.models.ExchangeComment.find({ linkId }).sort({ createdAt: 1 }),
    ]);
    return { items: items.map(itemRecord), comments: comments.map(commentRecord) };
  }

  async item(itemId: string): Promise<ItemRecord | null> {
    const item = await this.models.ExchangeItem.findById(itemId);
    return item ? itemRecord(item) : null;
  }

  async comment(commentId: string): Promise<CommentRecord | null> {
    const comment = await this.models.ExchangeComment.findById(commentId);
    return comment ? commentRecord(comment) : null;
  }

  async createItem({ id, ...item }: NewItem): Promise<ItemRecord> {
    // File ids are the file store's own (ObjectIds), passed through as they came.
    const doc: Record<string, unknown> = { _id: id, ...item };
    return itemRecord(await this.models.ExchangeItem.create(doc));
  }

  async createComment({ id, ...comment }: NewComment): Promise<CommentRecord> {
    const doc: Record<string, unknown> = { _id: id, ...comment };
    return commentRecord(await this.models.ExchangeComment.create(doc));
  }

  async decideItem(item: ItemRecord, decision: Decision): Promise<boolean> {
    return (await this.models.ExchangeItem.updateOne(asRead(item), decision)).matchedCount > 0;
  }

  async decideComment(comment: CommentRecord, decision: Decision): Promise<boolean> {
    return (await this.models.ExchangeComment.updateOne(asRead(comment), decision)).matchedCount > 0;
  }

  async flagItem(itemId: string): Promise<void> {
    await this.models.ExchangeItem.updateOne({ _id: itemId }, { flagged: true });
  }

  async deleteItem(itemId: string): Promise<void> {
    await this.models.ExchangeItem.updateOne({ _id: itemId }, { deletedAt: new Date(), $unset: { fileId: 1, thumbnailId: 1, text: 1 } });
  }
}
