// The public expression-of-interest form: the coordinator opens a link (a secret token) to
// send to schools, who fill in the form themselves without an account; closing or
// renewing the link stops the old one working. Submissions are stored like the
// coordinator's (one per school, the later replaces the earlier, both logged), except that
// a school's form is only replaced from the email address it was sent from.
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { EoiSchema } from '../../../shared/schemas/eoi.js';
import { knownSchoolNames, submitEoi } from '../../programme/submit-eoi.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { loadOr404 } from '../load.js';
import { jsonRateLimit } from '../rate-limit.js';
import { parse } from '../../errors/parse-input.js';

const FORM_WINDOW_MS = 60 * 60_000;
// Per address: many schools of one authority may share its broadband.
const FORM_SUBMISSIONS_PER_HOUR = 120;

export function eoiFormRoutes(ctx: AppContext): Router {
  const { Programme } = ctx.models;
  const router = Router();
  const pathOf = (token: string) => `/eoi/${token}`;

  const openForm = async (token: string) => {
    const programme = token.length >= 20 ? await Programme.findOne({ eoiFormToken: token }) : null;
    if (!programme) throw new Refusal(404, 'form-closed', 'this form is closed, or the link is not complete: ask your coordinator for the current link');
    return programme;
  };

  router.get('/programmes/:programmeId/eoi-form', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    authorize(req, 'eoi:manage', { programmeId: programme.id });
    res.json(programme.eoiFormToken ? { open: true, path: pathOf(programme.eoiFormToken) } : { open: false });
  });

  router.post('/programmes/:programmeId/eoi-form', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'eoi:manage', { programmeId: programme.id });
    const token = randomBytes(24).toString('base64url');
    await recordThen(
      ctx.log,
      {
        actor: actorOf(auth),
        role: grant.role,
        scope: { programmeId: programme.id },
        type: 'eoi.form-opened',
        payload: { renewed: !!programme.eoiFormToken },
      },
      () => programme.set('eoiFormToken', token).save(),
    );
    res.status(201).json({ open: true, path: pathOf(token) });
  });

  router.delete('/programmes/:programmeId/eoi-form', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'eoi:manage', { programmeId: programme.id });
    await recordThen(ctx.log, { actor: actorOf(auth), role: grant.role, scope: { programmeId: programme.id }, type: 'eoi.form-closed', payload: {} }, () =>
      programme.set('eoiFormToken', undefined).save(),
    );
    res.json({ open: false });
  });

  router.get('/eoi-forms/:token', async (req, res) => {
    const programme = await openForm(req.params.token);
    res.json({
      programme: { name: programme.name, localAuthority: programme.localAuthority, academicYear: programme.academicYear },
      knownSchools: await knownSchoolNames(ctx, programme._id),
    });
  });

  const limiter = jsonRateLimit({
    name: 'eoi-form',
    redis: ctx.redis,
    windowMs: FORM_WINDOW_MS,
    limit: FORM_SUBMISSIONS_PER_HOUR,
    message: 'Too many forms sent from this address. Wait an hour and try again, or contact your coordinator.',
  });

  router.post('/eoi-forms/:token', limiter, async (req, res) => {
    const programme = await openForm(String(req.params.token));
    const body = parse(EoiSchema, req.body);
    const { eoi, replaced } = await submitEoi(
      ctx,
      programme._id,
      body,
      { actor: { kind: 'anonymous', id: 'eoi-form', label: body.email }, role: 'school (public form)' },
      { sameEmailToReplace: true },
    );
    res.status(replaced ? 200 : 201).json({ schoolName: eoi.schoolName, submissions: eoi.submissions, replaced });
  });

  return router;
}
