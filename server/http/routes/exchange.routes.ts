// The exchange wall of a link over HTTP (exchange/exchange-wall.ts holds the use cases).
// Staff use their session; a class device in a call uses the token its call gave it
// (x-linkroom-device). Files are streamed out as data, never as pages of this site.
import { Router, type Request, type Response } from 'express';
import { ApproveSchema, CommentSchema, FlagSchema, LetterSchema, RejectSchema, UploadFieldsSchema } from '../../../shared/schemas/exchange.js';
import type { AppContext } from '../../app-context.js';
import { idParam, parse } from '../../errors/parse-input.js';
import type { Asker } from '../../exchange/exchange-access.js';
import { ExchangeWall } from '../../exchange/exchange-wall.js';
import { findFfmpeg } from '../../exchange/ffmpeg.js';
import { MongoExchangeRecords } from '../../exchange/mongo-exchange-records.js';
import { scrubUpload } from '../../exchange/scrub.js';
import { ScrubQueue } from '../../exchange/scrub-queue.js';
import { surnamesOfClass } from '../../programme/class-surnames.js';
import { placeOfItem, raiseConcern } from '../../safeguarding/concerns.js';
import { receiveUpload } from '../upload-receiver.js';

export const DEVICE_HEADER = 'x-linkroom-device';

export function exchangeWallFor(ctx: AppContext): ExchangeWall {
  const ffmpegPath = findFfmpeg();
  const scrubs = new ScrubQueue();
  return new ExchangeWall({
    records: new MongoExchangeRecords(ctx.models),
    files: ctx.files,
    log: ctx.log,
    surnamesOf: (classId) => surnamesOfClass(ctx.models, classId),
    // In turn with other uploads (scrub-queue.ts): heavy pictures wait, not pile up.
    scrub: (posterId, filePath, workDir) => scrubs.run(posterId, () => scrubUpload(filePath, workDir, { ffmpegPath })),
    raiseConcern: ({ item, link, reason, actor, role }) =>
      raiseConcern(ctx, {
        subject: { kind: 'exchange-item', itemId: item.id },
        summary: reason,
        urgency: 'routine',
        place: placeOfItem(item, link),
        actor,
        role,
      }),
  });
}

export function exchangeRoutes(ctx: AppContext): Router {
  const wall = exchangeWallFor(ctx);
  const router = Router();
  /** A class device by its header (when no one is signed in), or the signed-in staff member. */
  const askerOf = async (req: Request): Promise<Asker> => {
    const token = req.get(DEVICE_HEADER);
    return token && !req.auth ? { kind: 'device', device: await ctx.live.deviceByRejoinToken(token) } : { kind: 'staff', user: req.auth };
  };
  const linkId = (req: Request) => idParam(req.params.linkId, 'linkId');
  const itemId = (req: Request) => idParam(req.params.itemId, 'item');

  router.get('/links/:linkId/exchange', async (req, res) => {
    res.json(await wall.wall(await askerOf(req), linkId(req)));
  });

  router.post('/links/:linkId/exchange', async (req, res) => {
    const asker = await askerOf(req);
    // Refused before the upload is read.
    const target = await wall.mayPost(asker, linkId(req));
    const upload = await receiveUpload(req);
    try {
      const fields = parse(UploadFieldsSchema, upload.fields, 'body');
      res.status(201).json(await wall.postTo(target, { ...upload, fields }));
    } finally {
      await upload.cleanUp();
    }
  });

  router.post('/links/:linkId/exchange/letters', async (req, res) => {
    res.status(201).json(await wall.writeLetter(await askerOf(req), linkId(req), parse(LetterSchema, req.body)));
  });

  const sendFile = (which: 'file' | 'thumbnail') => async (req: Request, res: Response) => {
    const { item, contentType, stream } = await wall.openFile(await askerOf(req), itemId(req), which);
    res.set({
      'content-type': contentType,
      'cache-control': 'private, no-store',
      'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
      'content-disposition': 'inline',
    });
    stream.on('error', (err) => {
      ctx.logger.error({ err, itemId: item.id }, 'exchange file could not be read');
      if (!res.headersSent) res.status(500).json({ error: { code: 'internal', message: 'the file could not be read' } });
      else res.destroy();
    });
    stream.pipe(res);
  };
  router.get('/exchange/:itemId/file', sendFile('file'));
  router.get('/exchange/:itemId/thumbnail', sendFile('thumbnail'));

  router.post('/exchange/:itemId/approve', async (req, res) => {
    parse(ApproveSchema, req.body);
    res.json(await wall.decideItem(await askerOf(req), itemId(req), 'approved', null));
  });
  router.post('/exchange/:itemId/reject', async (req, res) => {
    res.json(await wall.decideItem(await askerOf(req), itemId(req), 'rejected', parse(RejectSchema, req.body).reason));
  });

  router.post('/exchange/:itemId/comments', async (req, res) => {
    res.status(201).json(await wall.comment(await askerOf(req), itemId(req), parse(CommentSchema, req.body)));
  });
  router.post('/exchange/comments/:commentId/approve', async (req, res) => {
    res.json(await wall.decideComment(await askerOf(req), idParam(req.params.commentId, 'comment'), 'approved', null));
  });
  router.post('/exchange/comments/:commentId/reject', async (req, res) => {
    const commentId = idParam(req.params.commentId, 'comment');
    res.json(await wall.decideComment(await askerOf(req), commentId, 'rejected', parse(RejectSchema, req.body).reason));
  });

  router.post('/exchange/:itemId/flag', async (req, res) => {
    res.json(await wall.flag(await askerOf(req), itemId(req), parse(FlagSchema, req.body).reason));
  });

  router.delete('/exchange/:itemId', async (req, res) => {
    await wall.delete(await askerOf(req), itemId(req));
    res.status(204).end();
  });

  return router;
}
