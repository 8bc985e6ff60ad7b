// Expressions of interest for a programme. One per school: a later one replaces the
// earlier in a single write (nothing half-saved), and both submissions are logged. A
// partner school to keep must be a school of the programme, or one that has expressed
// interest in it.
import { Router } from 'express';
import { EoiPatchSchema, EoiSchema, schoolKey } from '../../../shared/schemas/eoi.js';
import { eoiView } from '../../programme/eoi-view.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { loadOr404 } from '../load.js';
import { parse } from '../validate.js';

export function eoiRoutes(ctx: AppContext): Router {
  const { Programme, School, Eoi } = ctx.models;
  const router = Router();

  router.post('/programmes/:programmeId/eois', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'eoi:manage', { programmeId: programme.id as string });
    const body = parse(EoiSchema, req.body);
    const key = schoolKey(body.schoolName);
    if (body.keepPartnerSchoolName) {
      const partnerKey = schoolKey(body.keepPartnerSchoolName);
      if (partnerKey === key) throw new HttpError(400, 'bad-request', 'body.keepPartnerSchoolName: a school cannot be its own partner');
      const [schools, eois] = await Promise.all([School.find({ programmeId: programme._id }, { name: 1 }), Eoi.find({ programmeId: programme._id }, { schoolKey: 1 })]);
      const known = new Set([...schools.map((s) => schoolKey(s.name)), ...eois.map((e) => e.schoolKey)]);
      if (!known.has(partnerKey)) {
        throw new HttpError(400, 'unknown-partner', `body.keepPartnerSchoolName: "${body.keepPartnerSchoolName}" is not a school of this programme, nor has it expressed interest in it yet`);
      }
    }
    const previous = await Eoi.findOne({ programmeId: programme._id, schoolKey: key }, { submissions: 1, location: 1, profile: 1, priority: 1, fee: 1 });
    // The school's own fields are replaced; what the coordinator added (and the fee) stays.
    const kept = previous ? { location: previous.location, profile: previous.profile, priority: previous.priority, fee: previous.fee } : {};
    const fields = { programmeId: programme._id, schoolKey: key, ...body, ...kept, submissions: (previous?.submissions ?? 0) + 1, submittedAt: new Date() };
    const eoi = await recordThen(
      ctx.log,
      { actor: actorOf(auth), role: grant.role, scope: { programmeId: programme.id as string }, type: 'eoi.submitted', payload: { schoolName: body.schoolName, classes: body.classes, replacesEarlier: !!previous } },
      // One write: the whole expression replaces the earlier one, or is new.
      () => Eoi.findOneAndReplace({ programmeId: programme._id, schoolKey: key }, fields, { upsert: true, new: true, runValidators: true }),
    );
    res.status(previous ? 200 : 201).json(eoiView(eoi!));
  });

  router.patch('/eois/:eoiId', async (req, res) => {
    const eoi = await loadOr404(Eoi, req.params.eoiId, 'eoi');
    const { auth, grant } = authorize(req, 'eoi:manage', { programmeId: String(eoi.programmeId) });
    const { feePaid, ...fields } = parse(EoiPatchSchema, req.body);
    if (feePaid !== undefined && !eoi.fee) throw new HttpError(409, 'no-fee-due', 'no fee is due from this school yet: it is due once a link of theirs is confirmed');
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
    authorize(req, 'eoi:manage', { programmeId: programme.id as string });
    const eois = await Eoi.find({ programmeId: programme._id }).sort({ schoolKey: 1 });
    res.json(eois.map(eoiView));
  });

  return router;
}
