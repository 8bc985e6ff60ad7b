// Links between classes, their confirmation, end and progress through the year plan.
import { Router } from 'express';
import { CreateLinkSchema, EmptyBodySchema, LinkProgressSchema } from '../../../shared/schemas/programme.js';
import { createLink } from '../../programme/create-link.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, allowed, authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { idParam } from '../../errors/parse-input.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';
import { classView, linkView, schoolView } from '../views.js';

export function linkRoutes(ctx: AppContext): Router {
  const { Programme, School, Class, Link } = ctx.models;
  const router = Router();
  const targetOf = (l: { programmeId: unknown; schoolIds: unknown[]; classIds: unknown[] }) => ({
    programmeId: String(l.programmeId),
    schoolIds: l.schoolIds.map(String),
    classIds: l.classIds.map(String),
  });

  router.get('/programmes/:programmeId/links', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    authorize(req, 'programme:read', { programmeId });
    const links = (await Link.find({ programmeId }).sort({ createdAt: 1 })).filter((l) => allowed(req, 'link:read', targetOf(l)));
    // Whoever may see a link may see who is in it: the partner class and school by name.
    const [classes, schools] = await Promise.all([
      Class.find({ _id: { $in: links.flatMap((l) => l.classIds) } }, { name: 1, yearGroup: 1, schoolId: 1 }),
      School.find({ _id: { $in: links.flatMap((l) => l.schoolIds) } }, { name: 1 }),
    ]);
    const schoolName = new Map(schools.map((s) => [s.id, s.name]));
    const member = new Map(
      classes.map((c) => [
        c.id,
        { id: c.id, name: c.name, yearGroup: c.yearGroup, schoolId: String(c.schoolId), schoolName: schoolName.get(String(c.schoolId)) ?? '' },
      ]),
    );
    res.json(links.map((l) => ({ ...linkView(l), members: l.classIds.map((c) => member.get(String(c))).filter(Boolean) })));
  });

  /** One link with its classes, schools and the programme's year plan. */
  router.get('/links/:linkId', async (req, res) => {
    const link = await loadOr404(Link, req.params.linkId, 'link');
    authorize(req, 'link:read', targetOf(link));
    const [programme, classes, schools] = await Promise.all([
      Programme.findById(link.programmeId),
      Class.find({ _id: { $in: link.classIds } }),
      School.find({ _id: { $in: link.schoolIds } }),
    ]);
    res.json({ ...linkView(link), plan: programme?.plan, classes: classes.map(classView), schools: schools.map(schoolView) });
  });

  router.post('/programmes/:programmeId/links', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'link:create', { programmeId: programme.id });
    const body = parse(CreateLinkSchema, req.body);
    const link = await createLink(ctx, programme, { actor: actorOf(auth), role: grant.role, userId: auth.userId }, body);
    res.status(201).json(linkView(link));
  });

  for (const [path, action, from, to, type] of [
    ['confirm', 'link:confirm', ['proposed'], 'confirmed', 'link.confirmed'],
    ['end', 'link:end', ['proposed', 'confirmed'], 'ended', 'link.ended'],
  ] as const) {
    router.post(`/links/:linkId/${path}`, async (req, res) => {
      const link = await loadOr404(Link, req.params.linkId, 'link');
      const target = targetOf(link);
      const { auth, grant } = authorize(req, action, target);
      parse(EmptyBodySchema, req.body);
      if (!(from as readonly string[]).includes(link.status)) {
        throw new Refusal(409, 'wrong-status', `the link is ${link.status}; only a ${from.join(' or ')} link can be ${to}`);
      }
      await recordThen(ctx.log, { actor: actorOf(auth), role: grant.role, scope: { ...target, linkId: link.id }, type, payload: { from: link.status } }, () =>
        link.set({ status: to, ...(to === 'confirmed' ? { confirmedAt: new Date() } : { endedAt: new Date() }) }).save(),
      );
      res.json(linkView(link));
    });
  }

  router.post('/links/:linkId/progress', async (req, res) => {
    const link = await loadOr404(Link, req.params.linkId, 'link');
    const target = targetOf(link);
    const { auth, grant } = authorize(req, 'link:progress', target);
    const { milestoneKey, done } = parse(LinkProgressSchema, req.body);
    if (link.status !== 'confirmed') throw new Refusal(409, 'wrong-status', `progress is recorded on confirmed links; this one is ${link.status}`);
    const programme = await Programme.findById(link.programmeId);
    const phase = programme?.plan?.phases.find((p) => p.milestones.some((m) => m.key === milestoneKey));
    if (!phase) throw new Refusal(400, 'bad-request', `body.milestoneKey: no milestone ${milestoneKey} in this programme’s year plan`);
    await recordThen(
      ctx.log,
      { actor: actorOf(auth), role: grant.role, scope: { ...target, linkId: link.id }, type: 'link.progress', payload: { milestoneKey, done } },
      async () => {
        const rest = link.progress.filter((p) => p.milestoneKey !== milestoneKey);
        link.set('progress', done ? [...rest, { milestoneKey, doneAt: new Date(), by: auth.userId }] : rest);
        // The link is in the latest phase it has reached.
        link.set('phase', Math.max(link.phase, done ? phase.number : 1));
        await link.save();
      },
    );
    res.json(linkView(link));
  });

  return router;
}
