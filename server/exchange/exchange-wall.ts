// The exchange wall of a link, as use cases: post (scrubbed on arrival), write a letter,
// comment, approve or reject, flag, delete, and open a file. Each change is logged first
// ("logged, or not done"); a class's words naming personal details wait for its teacher.
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { findPersonalDetails, reasonFor } from '../../shared/safeguarding/personal-details.js';
import type { ClassSurnames } from '../programme/class-surnames.js';
import type {
  CommentSchema,
  CommentView,
  ExchangeItemView,
  ExchangeWall as WallView,
  LetterSchema,
  UploadFieldsSchema,
} from '../../shared/schemas/exchange.js';
import type { LogScope } from '../../shared/schemas/log.js';
import { Refusal } from '../errors/refusal.js';
import { containsProfanity } from '../calls/language-filter.js';
import { recordThen } from '../safeguarding/record-then.js';
import { ApprovalError, approvalStateOf, decide, initialApproval, mayDelete, mayView } from './approval.js';
import { UploadError } from './errors.js';
import { accessTo, posterOf, scopeOfLink, type Access, type Asker } from './exchange-access.js';
import type { CommentRecord, Decision, ExchangeFiles, ExchangeLog, ExchangeRecords, ItemRecord, LinkRecord, RaiseItemConcern } from './exchange-ports.js';
import { commentView, itemView } from './exchange-views.js';
import type { ScrubResult } from './scrub.js';
import { ScrubBusyError } from './scrub-queue.js';

export interface ExchangeWallDeps {
  records: ExchangeRecords;
  files: ExchangeFiles;
  log: ExchangeLog;
  surnamesOf: ClassSurnames;
  raiseConcern: RaiseItemConcern;
  /** Scrubs one upload, in turn with others (scrub-queue.ts). */
  scrub: (posterId: string, filePath: string, workDir: string) => Promise<ScrubResult>;
}

/** A link's wall and who is asking there, checked. */
export interface PostTarget {
  link: LinkRecord;
  access: Access;
  scope: LogScope;
}

/** An upload as received: a temporary file (its folder removed by the caller) and the form's fields. */
export interface ReceivedFile {
  filePath: string;
  workDir: string;
  bytes: number;
  fields: z.output<typeof UploadFieldsSchema>;
}

/** An approval or rejection as the rules allow it; refusals become 403 (not yours) or 409 (not now). */
function decided(access: Access, state: Parameters<typeof decide>[1], decision: 'approved' | 'rejected', reason: string | null): Decision {
  try {
    const next = decide(access.viewer, state, decision);
    return { ...next, ...(reason ? { rejection: { reason, by: access.actor.label ?? access.actor.id, at: new Date() } } : {}) };
  } catch (err) {
    if (err instanceof ApprovalError) throw new Refusal(err.code === 'forbidden' ? 403 : 409, err.code, err.message);
    throw err;
  }
}

export class ExchangeWall {
  constructor(private readonly deps: ExchangeWallDeps) {}

  async wall(asker: Asker, linkId: string): Promise<WallView> {
    const { link, access } = await this.linkFor(asker, linkId);
    const [{ names, receiverApproval }, { items, comments }] = await Promise.all([this.deps.records.schools(link.schoolIds), this.deps.records.wall(link.id)]);
    const byItem = new Map<string, CommentRecord[]>();
    for (const c of comments) byItem.set(c.itemId, [...(byItem.get(c.itemId) ?? []), c]);
    return {
      linkId: link.id,
      receiverApproval,
      items: items.filter((i) => mayView(access.viewer, approvalStateOf(i))).map((i) => itemView(i, access, names, byItem.get(i.id))),
    };
  }

  /** Checked before the upload is read: who may post, where. */
  async mayPost(asker: Asker, linkId: string): Promise<PostTarget> {
    const target = await this.linkFor(asker, linkId);
    requireUploader(target.access, target.link);
    return target;
  }

  async post(asker: Asker, linkId: string, upload: ReceivedFile): Promise<ExchangeItemView> {
    return this.postTo(await this.mayPost(asker, linkId), upload);
  }

  /** A post to a wall already checked by mayPost (the upload is read in between). */
  async postTo({ link, access, scope }: PostTarget, upload: ReceivedFile): Promise<ExchangeItemView> {
    const { records, files, log } = this.deps;
    const { fields } = upload;
    await this.checkMilestone(link, fields.milestoneKey);
    let scrubbed: ScrubResult;
    try {
      scrubbed = await this.deps.scrub(access.actor.id, upload.filePath, upload.workDir);
    } catch (err) {
      if (err instanceof UploadError || err instanceof ScrubBusyError) {
        await log.record({
          ...this.who(access, scope),
          type: 'exchange.upload-refused',
          payload: { reason: err.code, message: err.message, bytes: upload.bytes },
        });
      }
      throw err;
    }
    const fromBoard = fields.source === 'board';
    if (fromBoard && (scrubbed.kind !== 'image' || access.device)) throw new Refusal(400, 'bad-request', 'A kept board is a picture, kept by a teacher.');
    const kind = fromBoard ? ('board' as const) : scrubbed.kind;
    const { names, receiverApproval } = await records.schools(link.schoolIds);
    const id = records.newId();
    if (fromBoard) await log.record({ ...this.who(access, scope), type: 'board.snapshot-saved', payload: { itemId: id, bytes: scrubbed.bytes } });
    const title =
      fields.title ?? (fromBoard ? 'Our whiteboard' : `${scrubbed.kind[0]!.toUpperCase()}${scrubbed.kind.slice(1)} from ${access.actor.label ?? 'a teacher'}`);
    const personalDetails = fields.title ? await this.holdPersonalDetails(access, scope, id, fields.title) : undefined;
    const stored: unknown[] = [];
    const item = await recordThen(
      log,
      {
        ...this.who(access, scope),
        type: 'exchange.uploaded',
        payload: { itemId: id, kind, mime: scrubbed.mime, bytes: scrubbed.bytes, receivedBytes: upload.bytes, title, scrub: scrubbed.report },
      },
      async () => {
        try {
          stored.push(await files.putFile(scrubbed.outputPath, `${id}.${scrubbed.ext}`, scrubbed.mime));
          if (scrubbed.thumbnail) stored.push(await files.putBuffer(scrubbed.thumbnail, `${id}.thumb.webp`, 'image/webp'));
          return await records.createItem({
            id,
            programmeId: link.programmeId,
            linkId: link.id,
            fromSchoolId: access.ownSchoolId!,
            kind,
            title,
            ...(fields.milestoneKey ? { milestoneKey: fields.milestoneKey } : {}),
            by: posterOf(access),
            ...(personalDetails ? { personalDetails } : {}),
            mime: scrubbed.mime,
            bytes: scrubbed.bytes,
            ...(scrubbed.width && scrubbed.height ? { width: scrubbed.width, height: scrubbed.height } : {}),
            fileId: stored[0],
            ...(stored[1] ? { thumbnailId: stored[1] } : {}),
            // A teacher keeping the board has approved it by doing so; the partner school's rule still applies.
            ...(fromBoard ? { ...initialApproval(receiverApproval), senderApproval: 'approved' as const } : initialApproval(receiverApproval)),
          });
        } catch (err) {
          // Nothing half-saved: the bytes go if the item could not be written.
          await Promise.all(stored.map((fileId) => files.remove(fileId).catch(() => undefined)));
          throw err;
        }
      },
    );
    return itemView(item, access, names);
  }

  async writeLetter(asker: Asker, linkId: string, body: z.output<typeof LetterSchema>): Promise<ExchangeItemView> {
    const { records, log } = this.deps;
    const { link, access, scope } = await this.mayPost(asker, linkId);
    await this.checkMilestone(link, body.milestoneKey);
    const { names, receiverApproval } = await records.schools(link.schoolIds);
    const id = records.newId();
    const personalDetails = await this.holdPersonalDetails(access, scope, id, `${body.title}\n${body.text}`);
    const item = await recordThen(
      log,
      { ...this.who(access, scope), type: 'exchange.uploaded', payload: { itemId: id, kind: 'letter', title: body.title, text: body.text } },
      () =>
        records.createItem({
          id,
          programmeId: link.programmeId,
          linkId: link.id,
          fromSchoolId: access.ownSchoolId!,
          kind: 'letter',
          title: body.title,
          text: body.text,
          bytes: Buffer.byteLength(body.text),
          ...(body.milestoneKey ? { milestoneKey: body.milestoneKey } : {}),
          by: posterOf(access),
          ...initialApproval(receiverApproval),
          ...(personalDetails ? { personalDetails } : {}),
        }),
    );
    return itemView(item, access, names);
  }

  /** An item's file or thumbnail; what a class is shown is on the record. */
  async openFile(asker: Asker, itemId: string, which: 'file' | 'thumbnail'): Promise<{ item: ItemRecord; contentType: string; stream: Readable }> {
    const { item, access, scope } = await this.itemFor(asker, itemId);
    const id = which === 'file' ? item.fileId : item.thumbnailId;
    if (!id) throw new Refusal(404, 'not-found', which === 'file' ? 'this item has no file' : 'this item has no thumbnail');
    if (access.device)
      await this.deps.log.record({ ...this.who(access, scope), type: 'exchange.viewed', payload: { itemId: item.id, kind: item.kind, what: which } });
    return { item, contentType: which === 'file' ? (item.mime ?? 'application/octet-stream') : 'image/webp', stream: this.deps.files.open(id) };
  }

  async decideItem(asker: Asker, itemId: string, decision: 'approved' | 'rejected', reason: string | null): Promise<ExchangeItemView> {
    const { records, log } = this.deps;
    const { item, link, access, scope } = await this.itemFor(
      asker,
      itemId,
      (a) => a.viewer.kind === 'staff' && a.viewer.mayApprove,
      'Only a link teacher can approve or reject work.',
    );
    const next = decided(access, approvalStateOf(item), decision, reason);
    const side = next.senderApproval !== item.senderApproval ? 'sender' : 'receiver';
    await recordThen(
      log,
      {
        ...this.who(access, scope),
        type: decision === 'approved' ? 'exchange.approved' : 'exchange.rejected',
        payload: { itemId: item.id, side, ...(reason ? { reason } : {}) },
      },
      async () => {
        if (!(await records.decideItem(item, next))) throw new Refusal(409, 'wrong-state', 'Someone else decided on this item just now. Reload the wall.');
      },
    );
    // The sending teacher's decision on work held for personal details.
    if (item.personalDetails && side === 'sender') {
      await log.record({
        ...this.who(access, scope),
        type: decision === 'approved' ? 'pii.released' : 'pii.removed',
        payload: { itemId: item.id, where: 'exchange' },
      });
    }
    const { names } = await records.schools(link.schoolIds);
    return itemView((await records.item(item.id))!, access, names);
  }

  async comment(asker: Asker, itemId: string, body: z.output<typeof CommentSchema>): Promise<CommentView> {
    const { records, log } = this.deps;
    const { item, link, access, scope } = await this.itemFor(
      asker,
      itemId,
      (a) => a.mayUpload,
      'Comments come from the link’s teachers, or from a class device while its call is live.',
    );
    const text = 'text' in body ? body.text : null;
    if (text && containsProfanity(text)) {
      await log.record({ ...this.who(access, scope), type: 'exchange.comment-refused', payload: { itemId: item.id, text, reason: 'language' } });
      throw new Refusal(422, 'language', 'That comment was not sent: please choose kinder words.');
    }
    const { names, receiverApproval } = await records.schools(link.schoolIds);
    const id = records.newId();
    // A teacher's own comment needs no approval from its own side; a class's does.
    const approval = access.device ? initialApproval(receiverApproval) : { ...initialApproval(receiverApproval), senderApproval: 'approved' as const };
    const personalDetails = text ? await this.holdPersonalDetails(access, scope, id, text, 'commentId') : undefined;
    const comment = await recordThen(
      log,
      {
        ...this.who(access, scope),
        type: 'exchange.comment',
        payload: { itemId: item.id, commentId: id, ...(text ? { text } : { reaction: 'reaction' in body ? body.reaction : null }) },
      },
      () =>
        records.createComment({
          id,
          itemId: item.id,
          linkId: link.id,
          fromSchoolId: access.ownSchoolId!,
          by: posterOf(access),
          ...body,
          ...approval,
          ...(personalDetails ? { personalDetails } : {}),
        }),
    );
    return commentView(comment, access, names);
  }

  async decideComment(asker: Asker, commentId: string, decision: 'approved' | 'rejected', reason: string | null): Promise<CommentView> {
    const { records, log } = this.deps;
    const comment = await records.comment(commentId);
    if (!comment) throw new Refusal(404, 'not-found', 'no such comment');
    const { link, access, scope } = await this.linkFor(asker, comment.linkId);
    if (access.viewer.kind !== 'staff' || !access.viewer.mayApprove) throw new Refusal(403, 'forbidden', 'Only a link teacher can approve or reject comments.');
    if (!mayView(access.viewer, approvalStateOf(comment))) throw new Refusal(404, 'not-found', 'no such comment');
    const next = decided(access, approvalStateOf(comment), decision, reason);
    await recordThen(
      log,
      {
        ...this.who(access, scope),
        type: decision === 'approved' ? 'exchange.comment-approved' : 'exchange.comment-rejected',
        payload: { commentId: comment.id, itemId: comment.itemId, ...(reason ? { reason } : {}) },
      },
      async () => {
        if (!(await records.decideComment(comment, next))) throw new Refusal(409, 'wrong-state', 'Someone else decided on this comment just now.');
      },
    );
    if (comment.personalDetails && next.senderApproval !== comment.senderApproval) {
      await log.record({
        ...this.who(access, scope),
        type: decision === 'approved' ? 'pii.released' : 'pii.removed',
        payload: { commentId: comment.id, where: 'exchange' },
      });
    }
    const { names } = await records.schools(link.schoolIds);
    return commentView((await records.comment(comment.id))!, access, names);
  }

  /** A flag is a concern: logged, the item marked, and the concern raised with the flag's reason. */
  async flag(asker: Asker, itemId: string, reason: string): Promise<ExchangeItemView> {
    const { records, log } = this.deps;
    const { item, link, access, scope } = await this.itemFor(
      asker,
      itemId,
      (a) => a.viewer.kind === 'staff' && a.viewer.mayFlag,
      'Only a teacher or safeguarding lead can raise a concern about an item.',
    );
    if (item.flagged) throw new Refusal(409, 'already-flagged', 'This item is already flagged: its concern is with the safeguarding leads.');
    await recordThen(
      log,
      { ...this.who(access, scope), type: 'exchange.flagged', payload: { itemId: item.id, kind: item.kind, title: item.title, reason } },
      () => records.flagItem(item.id),
    );
    const flagged = { ...item, flagged: true }; // as just stored: no second read
    await this.deps.raiseConcern({ item: flagged, link, reason, actor: access.actor, role: access.role });
    const { names } = await records.schools(link.schoolIds);
    return itemView(flagged, access, names);
  }

  async delete(asker: Asker, itemId: string): Promise<void> {
    const { records, files, log } = this.deps;
    const { item, access, scope } = await this.itemFor(
      asker,
      itemId,
      (a, i) => mayDelete(a.viewer, approvalStateOf(i)),
      'Only a link teacher of the school that posted it can delete an item.',
    );
    // A flagged item is evidence for its concern: it stays until retention lets it go.
    if (item.flagged) {
      throw new Refusal(
        409,
        'under-concern',
        'This item is flagged as a safeguarding concern, so it cannot be deleted. The safeguarding lead can tell you more.',
      );
    }
    await recordThen(
      log,
      { ...this.who(access, scope), type: 'exchange.deleted', payload: { itemId: item.id, kind: item.kind, title: item.title } },
      async () => {
        await records.deleteItem(item.id);
        await files.remove(item.fileId);
        await files.remove(item.thumbnailId);
      },
    );
  }

  private who(access: Access, scope: LogScope) {
    return { actor: access.actor, role: access.role, scope };
  }

  private async linkFor(asker: Asker, linkId: string): Promise<PostTarget> {
    const link = await this.deps.records.link(linkId);
    if (!link) throw new Refusal(404, 'not-found', `no link ${linkId}`);
    return { link, access: accessTo(asker, link), scope: scopeOfLink(link) };
  }

  /**
   * The item and the asker's access to its link. `allowed` says whether this asker may do the
   * action at all (403 if not); only then does an item they may not see (unapproved, deleted)
   * answer 404, as if it did not exist.
   */
  private async itemFor(
    asker: Asker,
    itemId: string,
    allowed: (a: Access, i: ItemRecord) => boolean = () => true,
    refusal = 'You may not do that with this item.',
  ) {
    const item = await this.deps.records.item(itemId);
    if (!item) throw new Refusal(404, 'not-found', 'no such item');
    const { link, access, scope } = await this.linkFor(asker, item.linkId);
    if (!allowed(access, item)) throw new Refusal(403, 'forbidden', refusal);
    if (item.deleted || !mayView(access.viewer, approvalStateOf(item))) throw new Refusal(404, 'not-found', 'no such item');
    return { item, link, access, scope };
  }

  /** A tag must name a milestone of the programme's year plan. */
  private async checkMilestone(link: LinkRecord, key: string | undefined): Promise<void> {
    if (key && !(await this.deps.records.milestoneExists(link.programmeId, key))) {
      throw new Refusal(400, 'bad-request', `milestoneKey: no milestone ${key} in this programme’s year plan`);
    }
  }

  /**
   * A class's words naming personal details: the item waits for its teacher's approval as all
   * work does, with the reason shown to them and the hold logged (pii.held). Teachers' own
   * words are not checked. Returns the reason, if any.
   */
  private async holdPersonalDetails(
    access: Access,
    scope: LogScope,
    id: string,
    text: string,
    what: 'itemId' | 'commentId' = 'itemId',
  ): Promise<string | undefined> {
    if (!access.device) return undefined;
    const details = findPersonalDetails(text, { surnames: await this.deps.surnamesOf(access.device.classId) });
    if (details.length === 0) return undefined;
    const reason = `It names ${reasonFor(details)}: read it before approving.`;
    await this.deps.log.record({
      ...this.who(access, scope),
      type: 'pii.held',
      payload: { [what]: id, where: 'exchange', kinds: [...new Set(details.map((d) => d.kind))], reason },
    });
    return reason;
  }
}

function requireUploader(access: Access, link: LinkRecord): void {
  if (!access.mayUpload || !access.ownSchoolId) {
    throw new Refusal(
      403,
      'forbidden',
      access.device ? 'A class device can post only while the call is live, with its teacher there.' : 'Only a teacher of this link can post to its wall.',
    );
  }
  if (link.status !== 'confirmed') throw new Refusal(409, 'wrong-status', 'Work is exchanged on confirmed links only.');
}
