// The calls' media policy (calls/call-ports.ts) carried out on the SFU: a call's media
// room is the SFU room with the call's id, and a call without a room yet has nothing to hold.
import type { CallMediaPolicy } from '../calls/call-ports.js';
import type { SfuRoomRegistry } from '../sfu/room-registry.js';

export function sfuMediaPolicy(rooms: SfuRoomRegistry): CallMediaPolicy {
  return {
    async setMediaFlow(callId, allowed) {
      await rooms.get(callId)?.setMediaFlow(allowed);
    },
    async setHeld(callId, connectionId, kind, held) {
      await rooms.get(callId)?.setHeld(connectionId, kind, held);
    },
    async setAudioOnly(callId, connectionId, on) {
      await rooms.get(callId)?.setAudioOnly(connectionId, on);
    },
    removePeer: (callId, connectionId) => rooms.get(callId)?.removePeer(connectionId),
    closeRoom: (callId) => rooms.get(callId)?.close(),
  };
}
