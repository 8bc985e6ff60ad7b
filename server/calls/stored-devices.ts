// A class device admitted to a call, found from the call as stored: for a request (its exchange
// wall, a picture) that reaches a node other than the one serving its call (several nodes).
import type { Model } from 'mongoose';
import { tokenHash } from '../accounts/tokens.js';
import type { CallDoc } from './call.model.js';
import type { DevicePresence } from './device-presence.js';

/** The admitted device a rejoin token belongs to, in a call another node serves (never this node's own). */
export async function storedDeviceByToken(Call: Model<CallDoc>, rejoinToken: string, thisNode: string): Promise<DevicePresence | undefined> {
  const hash = tokenHash(rejoinToken);
  const call = await Call.findOne({ 'admitted.tokenHash': hash, status: { $ne: 'ended' } }).lean();
  // This node's own calls are answered from their live state, which is fresher than the store.
  if (!call || !call.node || call.node === thisNode) return undefined;
  const admitted = call.admitted.find((a) => a.tokenHash === hash);
  const schoolId = call.devices.find((d) => String(d.classId) === admitted?.classId)?.schoolId;
  if (!admitted || !schoolId) return undefined;
  return {
    callId: String(call._id),
    linkId: String(call.linkId),
    programmeId: String(call.programmeId),
    schoolId: String(schoolId),
    classId: admitted.classId,
    participantId: admitted.participantId,
    name: admitted.name,
    live: call.status === 'live',
  };
}
