// What the exchange wall's use cases need from outside, as interfaces: stored items and
// comments (MongoDB in mongo-exchange-records.ts), stored files (GridFS), the log, the
// class surnames for the personal-details guard, and concerns. Unit tests give fakes.
import type { Readable } from 'node:stream';
import type { ApprovalState, ExchangeKind, ReceiverApprovalState } from '../../shared/exchange.js';
import type { LogActor } from '../../shared/schemas/log.js';
import type { LogEventInput } from '../safeguarding/log-types.js';

/** Who posted an item or comment. */
export interface Poster {
  kind: 'user' | 'device';
  id: string;
  label: string | null;
}

export interface Decision {
  senderApproval: ApprovalState;
  receiverApproval: ReceiverApprovalState;
  rejection?: { reason: string; by: string; at: Date };
}

export interface ItemRecord {
  id: string;
  programmeId: string;
  linkId: string;
  fromSchoolId: string;
  kind: ExchangeKind;
  title: string;
  milestoneKey?: string;
  by: Poster;
  mime?: string;
  bytes: number;
  width?: number;
  height?: number;
  text?: string;
  /** Opaque ids of the stored file and thumbnail. */
  fileId?: unknown;
  thumbnailId?: unknown;
  senderApproval: ApprovalState;
  receiverApproval: ReceiverApprovalState;
  rejection?: { reason?: string | null; by?: string | null; at?: Date | null } | null;
  flagged: boolean;
  personalDetails?: string;
  deleted: boolean;
  createdAt: Date;
}

export interface CommentRecord {
  id: string;
  itemId: string;
  linkId: string;
  fromSchoolId: string;
  by: Poster;
  text?: string;
  reaction?: string;
  senderApproval: ApprovalState;
  receiverApproval: ReceiverApprovalState;
  rejection?: { reason?: string | null; by?: string | null; at?: Date | null } | null;
  personalDetails?: string;
}

export interface LinkRecord {
  id: string;
  programmeId: string;
  schoolIds: string[];
  classIds: string[];
  status: string;
}

export type NewItem = Omit<ItemRecord, 'flagged' | 'deleted' | 'createdAt' | 'rejection'>;
export type NewComment = Omit<CommentRecord, 'rejection'>;

export interface ExchangeRecords {
  newId(): string;
  link(linkId: string): Promise<LinkRecord | null>;
  /** The schools' names, and whether either wants to approve incoming work. */
  schools(schoolIds: string[]): Promise<{ names: Map<string, string>; receiverApproval: boolean }>;
  milestoneExists(programmeId: string, key: string): Promise<boolean>;
  /** The link's items not deleted, newest first, and their comments, oldest first. */
  wall(linkId: string): Promise<{ items: ItemRecord[]; comments: CommentRecord[] }>;
  item(itemId: string): Promise<ItemRecord | null>;
  comment(commentId: string): Promise<CommentRecord | null>;
  createItem(item: NewItem): Promise<ItemRecord>;
  createComment(comment: NewComment): Promise<CommentRecord>;
  /** Applies a decision only if the approvals are still as read; false if someone decided meanwhile. */
  decideItem(item: ItemRecord, decision: Decision): Promise<boolean>;
  decideComment(comment: CommentRecord, decision: Decision): Promise<boolean>;
  flagItem(itemId: string): Promise<void>;
  /** Marks the item deleted and drops its words and file ids. */
  deleteItem(itemId: string): Promise<void>;
}

export interface ExchangeFiles {
  putFile(filePath: string, name: string, contentType: string): Promise<unknown>;
  putBuffer(data: Buffer, name: string, contentType: string): Promise<unknown>;
  open(id: unknown): Readable;
  remove(id: unknown): Promise<void>;
}

export interface ExchangeLog {
  record(input: LogEventInput): Promise<unknown>;
}

/** A flag is a concern: it goes to the DSLs' queue (safeguarding/concerns.ts). */
export type RaiseItemConcern = (input: { item: ItemRecord; link: LinkRecord; reason: string; actor: LogActor; role: string }) => Promise<unknown>;
