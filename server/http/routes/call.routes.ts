// Starting a call for a link, reading it (with its join codes), and its media counts.
import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { DEFAULT_AGENDA } from '../../calls/agenda.js';
import { newJoinCode } from '../../calls/join-code.js';
import { joinCodeIsFree, reserveJoinCodes } from '../../calls/join-codes.js';
import type { CallDoc } from '../../calls/call.model.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';
import type { HydratedDocument } from 'mongoose';

const StartCallSchema = z.strictObject({
  title: z.string().trim().min(1).max(120).optional(),
  /** The call milestone of the year plan this call is; its agenda is the lesson's. */
  milestoneKey: z.string().min(1).max(40).optional(),
});
const MAX_CODE_TRIES = 20;

const callView = (c: HydratedDocument<CallDoc>) => ({
  id: c.id,
  linkId: String(c.linkId),
  programmeId: String(c.programmeId),
  schoolIds: c.schoolIds.map(String),
  title: c.title,
  status: c.status,
  agenda: c.agenda.map((s) => ({ title: s.title, durationMin: s.durationMin, ...(s.kind ? { kind: s.kind } : {}) })),
  currentStep: c.currentStep,
  devices: c.devices.map((d) => ({ classId: String(d.classId), schoolId: String(d.schoolId), className: d.className, code: d.code, revoked: !!d.revokedAt })),
  createdAt: (c as unknown as { createdAt: Date }).createdAt.toISOString(),
});

export function callRoutes(ctx: AppContext): Router {
  const { Link, Class, Call, Programme } = ctx.models;
  const router = Router();

  async function uniqueCode(taken: Set<string>): Promise<string> {
    for (let i = 0; i < MAX_CODE_TRIES; i++) {
      const code = newJoinCode();
      if (!taken.has(code) && (await joinCodeIsFree(ctx.models, code))) {
        taken.add(code);
        return code;
      }
    }
    throw new Refusal(503, 'no-code', 'could not find a free join code; try again');
  }

  router.post('/links/:linkId/calls', async (req, res) => {
    const link = await loadOr404(Link, req.params.linkId, 'link');
    const target = { programmeId: String(link.programmeId), schoolIds: link.schoolIds.map(String), classIds: link.classIds.map(String) };
    const { auth, grant } = authorize(req, 'call:start', target);
    const body = parse(StartCallSchema, req.body);
    if (link.status !== 'confirmed') throw new Refusal(409, 'wrong-status', `calls are held on confirmed links; this one is ${link.status}`);
    const programme = await Programme.findById(link.programmeId);
    const milestones = programme?.plan?.phases.flatMap((p) => p.milestones) ?? [];
    // Without a milestone: the next call of the year plan this link has not done yet.
    const done = new Set(link.progress.map((p) => p.milestoneKey));
    const milestone = body.milestoneKey
      ? milestones.find((m) => m.key === body.milestoneKey && m.kind === 'call')
      : milestones.find((m) => m.kind === 'call' && !done.has(m.key));
    if (body.milestoneKey && !milestone) throw new Refusal(400, 'bad-request', `body.milestoneKey: no call ${body.milestoneKey} in this programme’s year plan`);
    const title = body.title ?? milestone?.title ?? 'Class call';
    const agenda = milestone?.agenda?.length
      ? milestone.agenda.map((a) => ({ title: a.title, durationMin: a.durationMin, ...(a.kind ? { kind: a.kind } : {}) }))
      : DEFAULT_AGENDA;
    const classes = await Class.find({ _id: { $in: link.classIds } });
    const taken = new Set<string>();
    const devices: { classId: Types.ObjectId; schoolId: Types.ObjectId; className: string; code: string }[] = [];
    for (const c of classes) devices.push({ classId: c._id, schoolId: c.schoolId, className: c.name, code: await uniqueCode(taken) });
    const _id = new Types.ObjectId();
    const call = await recordThen(
      ctx.log,
      {
        actor: actorOf(auth),
        role: grant.role,
        scope: { ...target, linkId: link.id, callId: _id.toString() },
        type: 'call.created',
        payload: { title, milestoneKey: milestone?.key ?? null },
      },
      async () => {
        // The codes first: a call never exists without the look-up of its codes.
        await reserveJoinCodes(
          ctx.models,
          _id,
          devices.map((d) => d.code),
        );
        return Call.create({ _id, programmeId: link.programmeId, linkId: link._id, schoolIds: link.schoolIds, title, agenda, devices, createdBy: auth.userId });
      },
    );
    res.status(201).json(callView(call));
  });

  router.get('/links/:linkId/calls', async (req, res) => {
    const link = await loadOr404(Link, req.params.linkId, 'link');
    authorize(req, 'call:join', { programmeId: String(link.programmeId), schoolIds: link.schoolIds.map(String) });
    const calls = await Call.find({ linkId: link._id }).sort({ createdAt: -1 }).limit(20);
    res.json(calls.map(callView));
  });

  router.get('/calls/:callId', async (req, res) => {
    const call = await loadOr404(Call, req.params.callId, 'call');
    authorize(req, 'call:join', { programmeId: String(call.programmeId), schoolIds: call.schoolIds.map(String) });
    res.json(callView(call));
  });

  // What the SFU forwards in this call right now.
  router.get('/calls/:callId/media', async (req, res) => {
    const call = await loadOr404(Call, req.params.callId, 'call');
    authorize(req, 'call:join', { programmeId: String(call.programmeId), schoolIds: call.schoolIds.map(String) });
    const room = ctx.rooms.get(call.id);
    res.json({
      callId: call.id,
      flowing: room?.mediaFlowing ?? false,
      peers: room?.peerCount ?? 0,
      ...(room?.mediaCounts() ?? {
        producers: { audio: 0, video: 0 },
        pausedProducers: { audio: 0, video: 0 },
        simulcastProducers: 0,
        consumers: { audio: 0, video: 0 },
        pausedConsumers: { audio: 0, video: 0 },
      }),
    });
  });

  return router;
}
