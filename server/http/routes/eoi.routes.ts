// Expressions of interest for a programme, as the coordinator enters, lists and completes
// them (storing one: programme/submit-eoi.ts).
import { Router } from 'express';
import { EoiPatchSchema, EoiSchema } from '../../../shared/schemas/eoi.js';
import { submitEoi } from '../../programme/submit-eoi.js';
import { eoiView } from '../../programme/eoi-view.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';

export function eoiRoutes(ctx: AppContext): Router {
  const { Programme, Eoi } = ctx.models;
  const router = Router();

  router.post('/programmes/:programmeId/eois', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'eoi:manage', { programmeId: programme.id });
    const { eoi, replaced } = await submitEoi(ctx, programme._id, parse(EoiSchema, req.body), { actor: actorOf(auth), role: grant.role });
    res.status(replaced ? 200 : 201).json(eoiView(eoi));
  });

  router.patch('/eois/:eoiId', async (req, res) => {
    const eoi = await loadOr404(Eoi, req.params.eoiId, 'eoi');
    const { auth, grant } = authorize(req, 'eoi:manage', { programmeId: String(eoi.programmeId) });
    const { feePaid, ...fields } = parse(EoiPatchSchema, req.body);
    if (feePaid !== undefined && !eoi.fee)
      throw new Refusal(409, 'no-fee-due', 'no fee is due from this school yet: it is due once a link of theirs is confirmed');
    const payload = { schoolName: eoi.schoolName, fields: Object.keys(fields), ...(feePaid !== undefined ? { feePaid } : {}) };
    await recordThen(ctx.log, { actor: actorOf(auth), role: grant.role, scope: { programmeId: String(eoi.programmeId) }, type: 'eoi.updated', payload }, () => {
      eoi.set(fields);
      if (feePaid !== undefined) eoi.set('fee.paidAt', feePaid ? new Date() : undefined);
      return eoi.save();
    });
    res.json(eoiView(eoi));
  });

  router.get('/programmes/:programmeId/eois', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    authorize(req, 'eoi:manage', { programmeId: programme.id });
    const eois = await Eoi.find({ programmeId: programme._id }).sort({ schoolKey: 1 });
    res.json(eois.map(eoiView));
  });

  return router;
}
