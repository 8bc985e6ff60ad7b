// Starting a call for a link, reading it (with its join codes), and its media counts.
import { Router } from 'express';
import type { HydratedDocument } from 'mongoose';
import type { CallDoc } from '../../calls/call.model.js';
import { startCall, StartCallSchema } from '../../calls/start-call.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';
import { CallByCodeSchema } from '../../../shared/schemas/call.js';
import { clientAddressOf, trustFunction } from '../client-address.js';

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
  const { Link, Call } = ctx.models;
  const router = Router();

  router.post('/links/:linkId/calls', async (req, res) => {
    const link = await loadOr404(Link, req.params.linkId, 'link');
    const target = { programmeId: String(link.programmeId), schoolIds: link.schoolIds.map(String), classIds: link.classIds.map(String) };
    const { auth, grant } = authorize(req, 'call:start', target);
    const body = parse(StartCallSchema, req.body);
    const call = await startCall(ctx, link, { actor: actorOf(auth), role: grant.role, userId: auth.userId }, body);
    res.status(201).json(callView(call));
  });

  // A class device's page asks which call its code opens before it connects: with several
  // nodes the proxy sends the connection to the node serving that call (by ?callId=).
  router.post('/calls/by-code', async (req, res) => {
    const { code, displayName } = parse(CallByCodeSchema, req.body);
    res.json(await ctx.live.callOfCode(code, clientAddressOf(req, trustFunction(ctx.config.trustProxy)), displayName));
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
      // Each WebRTC transport's ICE and DTLS state, UDP or TCP, and the bytes it has carried.
      transports: room ? await room.transportStats() : [],
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
