// Matching a programme's expressions of interest: run (in a worker; the latest run is kept),
// read the latest run, and confirm chosen proposals into links.
import { Router } from 'express';
import type { Types } from 'mongoose';
import {
  DEFAULT_MATCHING_WEIGHTS,
  MatchingConfirmSchema,
  MatchingRunRequestSchema,
  type MatchingResult,
  type MatchingRunRequest,
  type MatchingRunView,
} from '../../../shared/schemas/matching.js';
import { confirmMatches } from '../../matching/confirm-matches.js';
import { proposalsToConfirm } from '../../matching/confirm-rules.js';
import { eoiView } from '../../programme/eoi-view.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { KeyedMutex } from '../../sync/keyed-mutex.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';

// The embedded database (FerretDB) stores no arrays directly inside arrays: pairs are kept
// as {a, b} and turned back on the way out.
type StoredRequest = Omit<MatchingRunRequest, 'locked' | 'removed'> & { locked: { a: string; b: string }[]; removed: { a: string; b: string }[] };
const toStored = (r: MatchingRunRequest): StoredRequest => ({
  ...r,
  locked: r.locked.map(([a, b]) => ({ a, b })),
  removed: r.removed.map(([a, b]) => ({ a, b })),
});
const fromStored = (r: StoredRequest): MatchingRunRequest => ({
  ...r,
  locked: r.locked.map(({ a, b }) => [a, b]),
  removed: r.removed.map(({ a, b }) => [a, b]),
});

type ConfirmingUser = Parameters<typeof confirmMatches>[2];

export function matchingRoutes(ctx: AppContext): Router {
  const { Programme, Eoi, Class, Link, MatchingRun } = ctx.models;
  const router = Router();
  const confirmations = new KeyedMutex();

  /** Form classes ("<eoi id>:Y4:1") in a link that is not ended, each with the form class
   * it is paired with (none when the link has more than two classes); with the classes and
   * links read, which a confirmation builds on. */
  const linkedFormClasses = async (programmeId: Types.ObjectId) => {
    const partners = new Map<string, string | undefined>();
    const classes = await Class.find({ programmeId, eoiClassId: { $exists: true } });
    if (classes.length === 0) return { partners, classes, links: [] };
    const formClassOf = new Map(classes.map((c) => [c.id, c.eoiClassId!]));
    const links = await Link.find({ programmeId, status: { $ne: 'ended' }, classIds: { $in: classes.map((c) => c._id) } });
    for (const l of links) {
      const ids = l.classIds.map((c) => formClassOf.get(String(c)));
      for (const [i, id] of ids.entries()) if (id) partners.set(id, ids.length === 2 ? ids[1 - i] : undefined);
    }
    return { partners, classes, links };
  };

  router.post('/programmes/:programmeId/matching/run', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'matching:run', { programmeId: programme.id });
    const request = parse(MatchingRunRequestSchema, req.body);
    const weights = { ...DEFAULT_MATCHING_WEIGHTS, ...request.weights };
    // The run is as of the moment the forms are read: a form changed during a long run
    // makes the run stale.
    const ranAt = new Date();
    const [eois, { partners: linked }] = await Promise.all([Eoi.find({ programmeId: programme._id }), linkedFormClasses(programme._id)]);
    const result = await ctx.matching.run({ eois: eois.map(eoiView), request, weights, linked: [...linked.keys()] });
    const payload = {
      classes: result.objective.classes,
      linked: result.objective.linked,
      points: result.objective.points,
      optimal: result.objective.optimal,
      weights,
      locked: request.locked.length,
      removed: request.removed.length,
    };
    await recordThen(ctx.log, { actor: actorOf(auth), role: grant.role, scope: { programmeId: programme.id }, type: 'matching.run', payload }, () =>
      MatchingRun.findOneAndUpdate({ programmeId: programme._id }, { request: toStored(request), result, ranAt, ranBy: auth.userId }, { upsert: true }),
    );
    res.json({ ...result, request, ranAt: ranAt.toISOString() } satisfies MatchingRunView);
  });

  router.get('/programmes/:programmeId/matching', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    authorize(req, 'matching:run', { programmeId: programme.id });
    const run = await MatchingRun.findOne({ programmeId: programme._id });
    res.json(
      run
        ? ({ ...(run.result as MatchingResult), request: fromStored(run.request as StoredRequest), ranAt: run.ranAt.toISOString() } satisfies MatchingRunView)
        : null,
    );
  });

  /** Confirms proposals of the latest run into links (callers hold the programme's lock). */
  const confirmLatestRun = async (programme: { _id: Types.ObjectId; id: string }, who: ConfirmingUser, pairs: readonly (readonly [string, string])[]) => {
    const run = await MatchingRun.findOne({ programmeId: programme._id });
    if (!run) throw new Refusal(409, 'no-run', 'run the matching first: only its proposals can be confirmed');
    const result = run.result as MatchingResult;
    const proposals = proposalsToConfirm(result, pairs);
    const classesById = new Map(result.classes.map((c) => [c.classId, c]));
    const eoiIds = new Set(proposals.flatMap((p) => p.classIds.map((id) => classesById.get(id)!.eoiId)));
    const eois = await Eoi.find({ _id: { $in: [...eoiIds] } });
    const changed = eois.filter((e) => e.submittedAt > run.ranAt);
    if (eois.length < eoiIds.size || changed.length > 0) {
      throw new Refusal(
        409,
        'stale-run',
        `${changed.map((e) => e.schoolName).join(', ') || 'a school'} changed its form after the run: run the matching again`,
      );
    }
    const { partners: linked, classes, links } = await linkedFormClasses(programme._id);
    // A class already linked to this proposal's partner is a retry after a failure part-way.
    const taken = proposals.flatMap((p) => p.classIds.filter((id, i) => linked.has(id) && linked.get(id) !== p.classIds[1 - i]));
    if (taken.length > 0) throw new Refusal(409, 'class-already-linked', `already in a confirmed link: ${taken.join(', ')}; run the matching again`);
    const made = await recordThen(
      ctx.log,
      {
        ...who,
        scope: { programmeId: programme.id },
        type: 'matching.confirmed',
        payload: { pairs: proposals.map((p) => ({ classIds: p.classIds })) },
      },
      () => confirmMatches(ctx.models, ctx.log, who, programme.id, proposals, { classesById, eois, classes, links }),
    );
    // The run remembers what became links, so a reload shows them as confirmed.
    const done = new Set(proposals);
    await MatchingRun.updateOne(
      { _id: run._id },
      { $set: { result: { ...result, proposals: result.proposals.map((p) => (done.has(p) ? { ...p, confirmed: true } : p)) } } },
    );
    return made;
  };

  router.post('/programmes/:programmeId/matching/confirm', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'matching:confirm', { programmeId: programme.id });
    const { pairs } = parse(MatchingConfirmSchema, req.body);
    const who = { actor: actorOf(auth), role: grant.role, userId: auth.userId };
    // One confirmation at a time per programme: two at once could each create the same
    // school or class (FerretDB v1 has no partial unique index to refuse the second).
    const confirmed = await confirmations.runExclusive(programme.id, () => confirmLatestRun(programme, who, pairs));
    res.status(201).json(confirmed);
  });

  return router;
}
