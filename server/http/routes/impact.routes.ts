// A programme's impact: figures and per-link progress, as JSON (the dashboard's charts),
// CSV, or a one-page PDF for councillors.
import { Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { impactOf, impactRows } from '../../programme/impact.js';
import { impactPdf } from '../../programme/impact-pdf.js';
import { authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';

const ImpactQuerySchema = z.strictObject({ format: z.enum(['json', 'csv', 'pdf']).default('json') });

export function impactRoutes(ctx: AppContext): Router {
  const { Programme, School, Class, Link, Call, ExchangeItem } = ctx.models;
  const router = Router();

  router.get('/programmes/:programmeId/impact', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    authorize(req, 'programme:read', { programmeId: programme.id });
    const { format } = parse(ImpactQuerySchema, req.query, 'query');
    const programmeId = programme._id;
    const [schools, classes, links, calls, exchangeItems] = await Promise.all([
      School.find({ programmeId }, { name: 1 }),
      Class.find({ programmeId }, { name: 1, pupilCount: 1, schoolId: 1 }),
      Link.find({ programmeId }, { status: 1, classIds: 1, phase: 1, progress: 1 }),
      Call.find({ programmeId }, { liveAt: 1, endedAt: 1 }),
      ExchangeItem.countDocuments({ programmeId, deletedAt: { $exists: false } }),
    ]);
    const schoolName = new Map(schools.map((s) => [s.id, s.name]));
    const classLabel = new Map(classes.map((c) => [c.id, `${c.name} (${schoolName.get(String(c.schoolId)) ?? '?'})`]));
    const impact = impactOf({
      schools: schools.length,
      classes: classes.map((c) => ({ id: c.id, pupilCount: c.pupilCount })),
      links: links.map((l) => ({
        id: l.id,
        name: l.classIds.map((id) => classLabel.get(String(id)) ?? '?').join(' ↔ '),
        status: l.status,
        classIds: l.classIds.map(String),
        phase: l.phase,
        done: l.progress.length,
      })),
      calls,
      exchangeItems,
      milestonesInPlan: programme.plan?.phases.reduce((n, p) => n + p.milestones.length, 0) ?? 0,
    });
    if (format === 'csv')
      return void res
        .type('text/csv')
        .attachment(`impact-${programme.id}.csv`)
        .send(stringify(impactRows(impact), { escape_formulas: true }));
    if (format === 'pdf')
      return void res
        .type('application/pdf')
        .attachment(`impact-${programme.id}.pdf`)
        .send(await impactPdf(impact, programme.name, new Date()));
    res.json(impact);
  });

  return router;
}
