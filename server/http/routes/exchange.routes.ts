// The exchange wall of a link: uploads scrubbed on arrival, approvals, flags, deletion,
// and files streamed out only to those allowed to see them. Staff use their session; a
// class device in a call uses the token its call gave it (x-linkroom-device).
import { Router, type Request } from 'express';
import { Types, type HydratedDocument } from 'mongoose';
import { AUTH_TABLE, can } from '../../../shared/auth.js';
import {
  ApproveSchema,
  CommentSchema,
  FlagSchema,
  LetterSchema,
  RejectSchema,
  UploadFieldsSchema,
  type CommentView,
  type ExchangeItemView,
} from '../../../shared/schemas/exchange.js';
import { containsProfanity } from '../../calls/language-filter.js';
import type { ExchangeCommentDoc } from '../../exchange/exchange-comment.model.js';
import type { LogActor } from '../../../shared/schemas/log.js';
import {
  ApprovalError,
  approvalDue,
  approvalStateOf,
  decide,
  initialApproval,
  linkNeedsReceiverApproval,
  mayDelete,
  mayView,
  type Viewer,
} from '../../exchange/approval.js';
import { UploadError } from '../../exchange/errors.js';
import type { ExchangeItemDoc } from '../../exchange/exchange-item.model.js';
import { findFfmpeg } from '../../exchange/ffmpeg.js';
import { scrubUpload } from '../../exchange/scrub.js';
import { ScrubBusyError, ScrubQueue } from '../../exchange/scrub-queue.js';
import { findPersonalDetails, reasonFor } from '../../../shared/safeguarding/personal-details.js';
import type { LogScope } from '../../../shared/schemas/log.js';
import { surnamesOfClass } from '../../programme/class-surnames.js';
import { receiveUpload } from '../upload-receiver.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { placeOfItem, raiseConcern } from '../../safeguarding/concerns.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext, DevicePresence } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { idParam, loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';

export const DEVICE_HEADER = 'x-linkroom-device';
type Item = HydratedDocument<ExchangeItemDoc>;
type Comment = HydratedDocument<ExchangeCommentDoc>;

interface Access {
  viewer: Viewer;
  actor: LogActor;
  role: string;
  /** The device, when a class device is asking. */
  device?: DevicePresence;
  /** The school a staff member or device uploads for. */
  ownSchoolId: string | null;
  mayUpload: boolean;
}

/** An approval or rejection as the rules allow it; refusals become 403 (not yours) or 409 (not now). */
function decided(viewer: Viewer, state: Parameters<typeof decide>[1], decision: 'approved' | 'rejected') {
  try {
    return decide(viewer, state, decision);
  } catch (err) {
    if (err instanceof ApprovalError) throw new Refusal(err.code === 'forbidden' ? 403 : 409, err.code, err.message);
    throw err;
  }
}

/** Matches the document only as it was read: a decision made meanwhile by someone else wins. */
const unchanged = (d: { _id: Types.ObjectId; senderApproval: string; receiverApproval: string }): Record<string, unknown> => ({
  _id: d._id,
  senderApproval: d.senderApproval,
  receiverApproval: d.receiverApproval,
});

/** The new approval state, with the rejection's reason and who gave it. */
const decisionUpdate = (next: ReturnType<typeof decide>, reason: string | null, a: Access) => ({
  ...next,
  ...(reason ? { rejection: { reason, by: a.actor.label ?? a.actor.id, at: new Date() } } : {}),
});

/** Uploads come from users and class devices only. */
const byOf = (a: Access) => ({ kind: a.actor.kind === 'device' ? ('device' as const) : ('user' as const), id: a.actor.id, label: a.actor.label ?? null });

export function exchangeRoutes(ctx: AppContext): Router {
  const { Link, School, ExchangeItem, ExchangeComment } = ctx.models;
  const router = Router();
  const files = ctx.files;
  const ffmpegPath = findFfmpeg();

  async function loadLink(linkId: string) {
    const link = await loadOr404(Link, linkId, 'link');
    const target = { programmeId: String(link.programmeId), schoolIds: link.schoolIds.map(String), classIds: link.classIds.map(String) };
    return { link, target, scope: { programmeId: target.programmeId, schoolIds: target.schoolIds, linkId: link.id } };
  }

  /** Who is asking about this link's wall, and what they may do there. */
  function accessTo(req: Request, target: { programmeId: string; schoolIds: string[]; classIds: string[] }, linkId: string): Access {
    const token = req.get(DEVICE_HEADER);
    if (token && !req.auth) {
      const device = ctx.live.deviceByRejoinToken(token);
      if (!device || device.linkId !== linkId) throw new Refusal(403, 'forbidden', 'This class device is not in a call of this link.');
      return {
        viewer: { kind: 'device', schoolId: device.schoolId },
        actor: { kind: 'device', id: device.participantId, label: device.name },
        role: 'class-device',
        device,
        ownSchoolId: device.schoolId,
        mayUpload: device.live,
      };
    }
    const { auth, grant } = authorize(req, 'exchange:read', target);
    const p = auth.principal;
    const programmeWide = p.grants.some((g) => g.programmeId === target.programmeId && AUTH_TABLE[g.role]['exchange:read'] === 'programme');
    const schoolIds = [
      ...new Set(p.grants.filter((g) => g.programmeId === target.programmeId && g.schoolId && target.schoolIds.includes(g.schoolId)).map((g) => g.schoolId!)),
    ];
    const teacherOfLink = can(p, 'exchange:upload', target);
    return {
      viewer: {
        kind: 'staff',
        schoolIds: programmeWide ? 'all' : schoolIds,
        mayApprove: can(p, 'exchange:approve', target),
        mayFlag: can(p, 'exchange:flag', target),
        teacherOfLink,
      },
      actor: actorOf(auth),
      role: grant.role,
      ownSchoolId: teacherOfLink ? (schoolIds[0] ?? null) : null,
      mayUpload: teacherOfLink,
    };
  }

  function commentView(c: Comment, a: Access, schoolNames: Map<string, string>): CommentView {
    const due = approvalDue(a.viewer, approvalStateOf(c));
    return {
      id: c.id,
      fromSchoolName: schoolNames.get(String(c.fromSchoolId)) ?? 'A school',
      by: c.by?.label ?? 'Someone',
      text: c.text ?? null,
      reaction: (c.reaction as CommentView['reaction']) ?? null,
      senderApproval: c.senderApproval,
      receiverApproval: c.receiverApproval,
      may: { approve: !!due, reject: !!due },
      personalDetails: a.viewer.kind === 'staff' ? (c.personalDetails ?? null) : null,
    };
  }

  function view(i: Item, a: Access, schoolNames: Map<string, string>, comments: Comment[] = []): ExchangeItemView {
    const state = approvalStateOf(i);
    const due = approvalDue(a.viewer, state);
    return {
      id: i.id,
      linkId: String(i.linkId),
      kind: i.kind,
      title: i.title,
      milestoneKey: i.milestoneKey ?? null,
      fromSchoolId: state.fromSchoolId,
      fromSchoolName: schoolNames.get(state.fromSchoolId) ?? 'A school',
      by: i.by?.label ?? 'Someone',
      mime: i.mime ?? null,
      bytes: i.bytes ?? 0,
      width: i.width ?? null,
      height: i.height ?? null,
      text: i.text ?? null,
      hasThumbnail: !!i.thumbnailId,
      senderApproval: i.senderApproval,
      receiverApproval: i.receiverApproval,
      rejection: i.rejection?.reason ? { reason: i.rejection.reason, by: i.rejection.by ?? '', at: (i.rejection.at ?? new Date()).toISOString() } : null,
      flagged: !!i.flagged,
      personalDetails: a.viewer.kind === 'staff' ? (i.personalDetails ?? null) : null,
      may: {
        approve: !!due,
        reject: !!due,
        delete: mayDelete(a.viewer, state),
        flag: a.viewer.kind === 'staff' && a.viewer.mayFlag && !i.flagged,
        comment: a.mayUpload,
      },
      comments: comments.filter((c) => mayView(a.viewer, approvalStateOf(c))).map((c) => commentView(c, a, schoolNames)),
      createdAt: (i as unknown as { createdAt: Date }).createdAt.toISOString(),
    };
  }

  /**
   * The item and the asker's access to its link. `allowed` says whether this asker may do the
   * action at all (403 if not); only then does an item they may not see (unapproved, deleted)
   * answer 404, as if it did not exist.
   */
  async function loadItem(req: Request, allowed: (a: Access, i: Item) => boolean = () => true, refusal = 'You may not do that with this item.') {
    const item = await ExchangeItem.findById(idParam(req.params.itemId as string, 'item'));
    if (!item) throw new Refusal(404, 'not-found', 'no such item');
    const { link, target, scope } = await loadLink(String(item.linkId));
    const access = accessTo(req, target, link.id);
    if (!allowed(access, item)) throw new Refusal(403, 'forbidden', refusal);
    if (item.deletedAt || !mayView(access.viewer, approvalStateOf(item))) throw new Refusal(404, 'not-found', 'no such item');
    return { item, link, target, scope, access };
  }

  async function schoolNamesOf(ids: unknown[]) {
    const schools = await School.find({ _id: { $in: ids } }, { name: 1, incomingWorkNeedsApproval: 1 });
    return { names: new Map(schools.map((s) => [s.id, s.name])), receiverApproval: linkNeedsReceiverApproval(schools) };
  }

  router.get('/links/:linkId/exchange', async (req, res) => {
    const { link, target } = await loadLink(req.params.linkId);
    const access = accessTo(req, target, link.id);
    const { names, receiverApproval } = await schoolNamesOf(link.schoolIds);
    const [items, comments] = await Promise.all([
      ExchangeItem.find({ linkId: link._id, deletedAt: { $exists: false } }).sort({ createdAt: -1 }),
      ExchangeComment.find({ linkId: link._id }).sort({ createdAt: 1 }),
    ]);
    const byItem = new Map<string, Comment[]>();
    for (const c of comments) {
      const list = byItem.get(String(c.itemId));
      if (list) list.push(c);
      else byItem.set(String(c.itemId), [c]);
    }
    res.json({
      linkId: link.id,
      receiverApproval,
      items: items.filter((i) => mayView(access.viewer, approvalStateOf(i))).map((i) => view(i, access, names, byItem.get(i.id))),
    });
  });

  /** A tag must name a milestone of the programme's year plan. */
  async function checkMilestone(programmeId: unknown, key: string | undefined): Promise<void> {
    if (!key) return;
    const programme = await ctx.models.Programme.findById(programmeId, { plan: 1 });
    const known = programme?.plan?.phases.some((p) => p.milestones.some((m) => m.key === key));
    if (!known) throw new Refusal(400, 'bad-request', `milestoneKey: no milestone ${key} in this programme’s year plan`);
  }

  function requireUploader(access: Access, link: { status: string }) {
    if (!access.mayUpload || !access.ownSchoolId) {
      throw new Refusal(
        403,
        'forbidden',
        access.device ? 'A class device can post only while the call is live, with its teacher there.' : 'Only a teacher of this link can post to its wall.',
      );
    }
    if (link.status !== 'confirmed') throw new Refusal(409, 'wrong-status', 'Work is exchanged on confirmed links only.');
  }

  const scrubs = new ScrubQueue();

  /**
   * A class's words naming personal details: the item waits for its teacher's approval as all
   * work does, with the reason shown to them and the hold logged (pii.held). Teachers' own
   * words are not checked. Returns the reason, if any.
   */
  async function holdPersonalDetails(
    access: Access,
    scope: LogScope,
    id: Types.ObjectId,
    text: string,
    what: 'itemId' | 'commentId' = 'itemId',
  ): Promise<string | undefined> {
    if (!access.device) return undefined;
    const details = findPersonalDetails(text, { surnames: await surnamesOfClass(ctx.models, access.device.classId) });
    if (details.length === 0) return undefined;
    const reason = `It names ${reasonFor(details)}: read it before approving.`;
    await ctx.log.record({
      actor: access.actor,
      role: access.role,
      scope,
      type: 'pii.held',
      payload: { [what]: id.toString(), where: 'exchange', kinds: [...new Set(details.map((d) => d.kind))], reason },
    });
    return reason;
  }

  router.post('/links/:linkId/exchange', async (req, res) => {
    const { link, target, scope } = await loadLink(req.params.linkId);
    const access = accessTo(req, target, link.id);
    requireUploader(access, link);
    const upload = await receiveUpload(req);
    try {
      const fields = parse(UploadFieldsSchema, upload.fields, 'body');
      await checkMilestone(link.programmeId, fields.milestoneKey);
      let scrubbed;
      try {
        // In turn with other uploads (scrub-queue.ts): heavy pictures wait, not pile up.
        scrubbed = await scrubs.run(access.actor.id, () => scrubUpload(upload.filePath, upload.workDir, { ffmpegPath }));
      } catch (err) {
        if (err instanceof UploadError || err instanceof ScrubBusyError) {
          await ctx.log.record({
            actor: access.actor,
            role: access.role,
            scope,
            type: 'exchange.upload-refused',
            payload: { reason: err.code, message: err.message, bytes: upload.bytes },
          });
        }
        throw err;
      }
      const fromBoard = fields.source === 'board';
      if (fromBoard && (scrubbed.kind !== 'image' || access.device)) throw new Refusal(400, 'bad-request', 'A kept board is a picture, kept by a teacher.');
      const kind = fromBoard ? ('board' as const) : scrubbed.kind;
      const { names, receiverApproval } = await schoolNamesOf(link.schoolIds);
      const _id = new Types.ObjectId();
      if (fromBoard)
        await ctx.log.record({
          actor: access.actor,
          role: access.role,
          scope,
          type: 'board.snapshot-saved',
          payload: { itemId: _id.toString(), bytes: scrubbed.bytes },
        });
      const title =
        fields.title ??
        (fromBoard ? 'Our whiteboard' : `${scrubbed.kind[0]!.toUpperCase()}${scrubbed.kind.slice(1)} from ${access.actor.label ?? 'a teacher'}`);
      const personalDetails = fields.title ? await holdPersonalDetails(access, scope, _id, fields.title) : undefined;
      const stored: Types.ObjectId[] = [];
      const item = await recordThen(
        ctx.log,
        {
          actor: access.actor,
          role: access.role,
          scope,
          type: 'exchange.uploaded',
          payload: { itemId: _id.toString(), kind, mime: scrubbed.mime, bytes: scrubbed.bytes, receivedBytes: upload.bytes, title, scrub: scrubbed.report },
        },
        async () => {
          try {
            stored.push(await files.putFile(scrubbed.outputPath, `${_id.toString()}.${scrubbed.ext}`, scrubbed.mime));
            if (scrubbed.thumbnail) stored.push(await files.putBuffer(scrubbed.thumbnail, `${_id.toString()}.thumb.webp`, 'image/webp'));
            return await ExchangeItem.create({
              _id,
              programmeId: link.programmeId,
              linkId: link._id,
              fromSchoolId: access.ownSchoolId!,
              kind,
              title,
              ...(fields.milestoneKey ? { milestoneKey: fields.milestoneKey } : {}),
              by: byOf(access),
              ...(personalDetails ? { personalDetails } : {}),
              mime: scrubbed.mime,
              bytes: scrubbed.bytes,
              ...(scrubbed.width ? { width: scrubbed.width, height: scrubbed.height } : {}),
              fileId: stored[0],
              ...(stored[1] ? { thumbnailId: stored[1] } : {}),
              // A teacher keeping the board has approved it by doing so; the partner school's rule still applies.
              ...(fromBoard ? { ...initialApproval(receiverApproval), senderApproval: 'approved' as const } : initialApproval(receiverApproval)),
            });
          } catch (err) {
            // Nothing half-saved: the bytes go if the item could not be written.
            await Promise.all(stored.map((id) => files.remove(id).catch(() => undefined)));
            throw err;
          }
        },
      );
      res.status(201).json(view(item, access, names));
    } finally {
      await upload.cleanUp();
    }
  });

  router.post('/links/:linkId/exchange/letters', async (req, res) => {
    const { link, target, scope } = await loadLink(req.params.linkId);
    const access = accessTo(req, target, link.id);
    requireUploader(access, link);
    const body = parse(LetterSchema, req.body);
    await checkMilestone(link.programmeId, body.milestoneKey);
    const { names, receiverApproval } = await schoolNamesOf(link.schoolIds);
    const _id = new Types.ObjectId();
    const personalDetails = await holdPersonalDetails(access, scope, _id, `${body.title}\n${body.text}`);
    const item = await recordThen(
      ctx.log,
      {
        actor: access.actor,
        role: access.role,
        scope,
        type: 'exchange.uploaded',
        payload: { itemId: _id.toString(), kind: 'letter', title: body.title, text: body.text },
      },
      () =>
        ExchangeItem.create({
          _id,
          programmeId: link.programmeId,
          linkId: link._id,
          fromSchoolId: access.ownSchoolId!,
          kind: 'letter',
          title: body.title,
          text: body.text,
          bytes: Buffer.byteLength(body.text),
          ...(body.milestoneKey ? { milestoneKey: body.milestoneKey } : {}),
          by: byOf(access),
          ...initialApproval(receiverApproval),
          ...(personalDetails ? { personalDetails } : {}),
        }),
    );
    res.status(201).json(view(item, access, names));
  });

  for (const [path, which] of [
    ['/exchange/:itemId/file', 'fileId'],
    ['/exchange/:itemId/thumbnail', 'thumbnailId'],
  ] as const) {
    router.get(path, async (req, res) => {
      const { item, scope, access } = await loadItem(req);
      const id = item[which];
      if (!id) throw new Refusal(404, 'not-found', which === 'fileId' ? 'this item has no file' : 'this item has no thumbnail');
      // What a class is shown is on the record.
      if (access.device)
        await ctx.log.record({
          actor: access.actor,
          role: access.role,
          scope,
          type: 'exchange.viewed',
          payload: { itemId: item.id, kind: item.kind, what: which === 'fileId' ? 'file' : 'thumbnail' },
        });
      res.set({
        'content-type': which === 'fileId' ? (item.mime ?? 'application/octet-stream') : 'image/webp',
        'cache-control': 'private, no-store',
        // Served as data, never as a page of this site.
        'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
        'content-disposition': 'inline',
      });
      const stream = files.open(id);
      stream.on('error', (err) => {
        ctx.logger.error({ err, itemId: item.id }, 'exchange file could not be read');
        if (!res.headersSent) res.status(500).json({ error: { code: 'internal', message: 'the file could not be read' } });
        else res.destroy();
      });
      stream.pipe(res);
    });
  }

  for (const decision of ['approved', 'rejected'] as const) {
    router.post(`/exchange/:itemId/${decision === 'approved' ? 'approve' : 'reject'}`, async (req, res) => {
      const { item, link, scope, access } = await loadItem(
        req,
        (a) => a.viewer.kind === 'staff' && a.viewer.mayApprove,
        'Only a link teacher can approve or reject work.',
      );
      const reason = decision === 'rejected' ? parse(RejectSchema, req.body).reason : (parse(ApproveSchema, req.body), null);
      const next = decided(access.viewer, approvalStateOf(item), decision);
      const side = next.senderApproval !== item.senderApproval ? 'sender' : 'receiver';
      await recordThen(
        ctx.log,
        {
          actor: access.actor,
          role: access.role,
          scope,
          type: decision === 'approved' ? 'exchange.approved' : 'exchange.rejected',
          payload: { itemId: item.id, side, ...(reason ? { reason } : {}) },
        },
        async () => {
          const r = await ExchangeItem.updateOne(unchanged(item), decisionUpdate(next, reason, access));
          if (r.matchedCount === 0) throw new Refusal(409, 'wrong-state', 'Someone else decided on this item just now. Reload the wall.');
        },
      );
      // The sending teacher's decision on work held for personal details.
      if (item.personalDetails && side === 'sender') {
        await ctx.log.record({
          actor: access.actor,
          role: access.role,
          scope,
          type: decision === 'approved' ? 'pii.released' : 'pii.removed',
          payload: { itemId: item.id, where: 'exchange' },
        });
      }
      const { names } = await schoolNamesOf(link.schoolIds);
      res.json(view((await ExchangeItem.findById(item._id))!, access, names));
    });
  }

  router.post('/exchange/:itemId/comments', async (req, res) => {
    const { item, link, scope, access } = await loadItem(
      req,
      (a) => a.mayUpload,
      'Comments come from the link’s teachers, or from a class device while its call is live.',
    );
    const body = parse(CommentSchema, req.body);
    const text = 'text' in body ? body.text : null;
    if (text && containsProfanity(text)) {
      await ctx.log.record({
        actor: access.actor,
        role: access.role,
        scope,
        type: 'exchange.comment-refused',
        payload: { itemId: item.id, text, reason: 'language' },
      });
      throw new Refusal(422, 'language', 'That comment was not sent: please choose kinder words.');
    }
    const { names, receiverApproval } = await schoolNamesOf(link.schoolIds);
    const _id = new Types.ObjectId();
    // A teacher's own comment needs no approval from its own side; a class's does.
    const approval = access.device ? initialApproval(receiverApproval) : { ...initialApproval(receiverApproval), senderApproval: 'approved' as const };
    const personalDetails = text ? await holdPersonalDetails(access, scope, _id, text, 'commentId') : undefined;
    const comment = await recordThen(
      ctx.log,
      {
        actor: access.actor,
        role: access.role,
        scope,
        type: 'exchange.comment',
        payload: { itemId: item.id, commentId: _id.toString(), ...(text ? { text } : { reaction: 'reaction' in body ? body.reaction : null }) },
      },
      () =>
        ExchangeComment.create({
          _id,
          itemId: item._id,
          linkId: link._id,
          fromSchoolId: access.ownSchoolId!,
          by: byOf(access),
          ...body,
          ...approval,
          ...(personalDetails ? { personalDetails } : {}),
        }),
    );
    res.status(201).json(commentView(comment, access, names));
  });

  for (const decision of ['approved', 'rejected'] as const) {
    router.post(`/exchange/comments/:commentId/${decision === 'approved' ? 'approve' : 'reject'}`, async (req, res) => {
      const comment = await ExchangeComment.findById(idParam(req.params.commentId, 'comment'));
      if (!comment) throw new Refusal(404, 'not-found', 'no such comment');
      const { link, target, scope } = await loadLink(String(comment.linkId));
      const access = accessTo(req, target, link.id);
      if (access.viewer.kind !== 'staff' || !access.viewer.mayApprove)
        throw new Refusal(403, 'forbidden', 'Only a link teacher can approve or reject comments.');
      if (!mayView(access.viewer, approvalStateOf(comment))) throw new Refusal(404, 'not-found', 'no such comment');
      const reason = decision === 'rejected' ? parse(RejectSchema, req.body).reason : null;
      const next = decided(access.viewer, approvalStateOf(comment), decision);
      await recordThen(
        ctx.log,
        {
          actor: access.actor,
          role: access.role,
          scope,
          type: decision === 'approved' ? 'exchange.comment-approved' : 'exchange.comment-rejected',
          payload: { commentId: comment.id, itemId: String(comment.itemId), ...(reason ? { reason } : {}) },
        },
        async () => {
          const r = await ExchangeComment.updateOne(unchanged(comment), decisionUpdate(next, reason, access));
          if (r.matchedCount === 0) throw new Refusal(409, 'wrong-state', 'Someone else decided on this comment just now.');
        },
      );
      if (comment.personalDetails && next.senderApproval !== comment.senderApproval) {
        await ctx.log.record({
          actor: access.actor,
          role: access.role,
          scope,
          type: decision === 'approved' ? 'pii.released' : 'pii.removed',
          payload: { commentId: comment.id, where: 'exchange' },
        });
      }
      const { names } = await schoolNamesOf(link.schoolIds);
      res.json(commentView((await ExchangeComment.findById(comment._id))!, access, names));
    });
  }

  router.post('/exchange/:itemId/flag', async (req, res) => {
    const { item, link, scope, access } = await loadItem(
      req,
      (a) => a.viewer.kind === 'staff' && a.viewer.mayFlag,
      'Only a teacher or safeguarding lead can raise a concern about an item.',
    );
    const { reason } = parse(FlagSchema, req.body);
    if (item.flagged) throw new Refusal(409, 'already-flagged', 'This item is already flagged: its concern is with the safeguarding leads.');
    await recordThen(
      ctx.log,
      { actor: access.actor, role: access.role, scope, type: 'exchange.flagged', payload: { itemId: item.id, kind: item.kind, title: item.title, reason } },
      () => ExchangeItem.updateOne({ _id: item._id }, { flagged: true }),
    );
    item.flagged = true; // as just stored: no second read
    // A flag is a concern: it reaches the DSLs' queue with the flag's reason.
    await raiseConcern(ctx, {
      subject: { kind: 'exchange-item', itemId: item.id },
      summary: reason,
      place: placeOfItem(item, link),
      actor: access.actor,
      role: access.role,
    });
    const { names } = await schoolNamesOf(link.schoolIds);
    res.json(view(item, access, names));
  });

  router.delete('/exchange/:itemId', async (req, res) => {
    const { item, scope, access } = await loadItem(
      req,
      (a, i) => mayDelete(a.viewer, approvalStateOf(i)),
      'Only a link teacher of the school that posted it can delete an item.',
    );
    // A flagged item is evidence for its concern: it stays until retention lets it go.
    if (item.flagged)
      throw new Refusal(
        409,
        'under-concern',
        'This item is flagged as a safeguarding concern, so it cannot be deleted. The safeguarding lead can tell you more.',
      );
    await recordThen(
      ctx.log,
      { actor: access.actor, role: access.role, scope, type: 'exchange.deleted', payload: { itemId: item.id, kind: item.kind, title: item.title } },
      async () => {
        await ExchangeItem.updateOne({ _id: item._id }, { deletedAt: new Date(), $unset: { fileId: 1, thumbnailId: 1, text: 1 } });
        await files.remove(item.fileId);
        await files.remove(item.thumbnailId);
      },
    );
    res.status(204).end();
  });

  return router;
}
