// A class device in a call, as the realtime layer and the requests it makes (its exchange wall,
// a picture) know it: from this node's live state, or from the stored call on another node's.
export interface DevicePresence {
  callId: string;
  linkId: string;
  programmeId: string;
  schoolId: string;
  /** The device's class (its surnames feed the personal-details guard). */
  classId?: string;
  participantId: string;
  name: string;
  /** The call is live: a teacher of each school is there. */
  live: boolean;
}
