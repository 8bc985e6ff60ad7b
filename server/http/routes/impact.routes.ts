// A programme's impact: figures and per-link progress, as JSON (the dashboard's charts),
// CSV, or a one-page PDF for councillors.
import { Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { impactRows } from '../../programme/impact.js';
import { impactOfProgramme } from '../../programme/impact-of-programme.js';
import { impactPdf } from '../../programme/impact-pdf.js';
import { authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';

const ImpactQuerySchema = z.strictObject({ format: z.enum(['json', 'csv', 'pdf']).default('json') });

export function impactRoutes(ctx: AppContext): Router {
  const { Programme } = ctx.models;
  const router = Router();

  router.get('/programmes/:programmeId/impact', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    authorize(req, 'programme:read', { programmeId: programme.id });
    const { format } = parse(ImpactQuerySchema, req.query, 'query');
    const impact = await impactOfProgramme(ctx.models, programme);
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
