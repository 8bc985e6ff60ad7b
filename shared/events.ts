// The socket event map: event name → payload schema → ack schema. Read by the server's
// realtime layer (validation) and the client's transport (types).
import type { z } from 'zod';
import type { Ack } from './schemas/ack.js';
import * as board from './schemas/board.js';
import * as call from './schemas/call.js';
import * as media from './schemas/media.js';

export const CLIENT_EVENTS = {
  'media:capabilities': { payload: media.MediaCapabilitiesSchema, ack: media.MediaCapabilitiesAckSchema },
  'media:join': { payload: media.MediaJoinSchema, ack: media.MediaJoinAckSchema },
  'media:create-transport': { payload: media.CreateTransportSchema, ack: media.CreateTransportAckSchema },
  'media:connect-transport': { payload: media.ConnectTransportSchema, ack: media.ConnectTransportAckSchema },
  'media:restart-ice': { payload: media.RestartIceSchema, ack: media.RestartIceAckSchema },
  'media:report-connection': { payload: media.ReportConnectionSchema, ack: media.ReportConnectionAckSchema },
  'media:report-path': { payload: media.ReportPathSchema, ack: media.ReportPathAckSchema },
  'media:produce': { payload: media.ProduceSchema, ack: media.ProduceAckSchema },
  'media:consume': { payload: media.ConsumeSchema, ack: media.ConsumeAckSchema },
  'media:resume-consumer': { payload: media.ResumeConsumerSchema, ack: media.ResumeConsumerAckSchema },
  'media:set-preferred-layers': { payload: media.SetPreferredLayersSchema, ack: media.SetPreferredLayersAckSchema },
  'media:request-keyframe': { payload: media.RequestKeyFrameSchema, ack: media.RequestKeyFrameAckSchema },
  'media:line-recovered': { payload: media.LineRecoveredSchema, ack: media.LineRecoveredAckSchema },
  'media:close-producer': { payload: media.CloseProducerSchema, ack: media.CloseProducerAckSchema },
  'call:join-teacher': { payload: call.JoinTeacherSchema, ack: call.JoinAckSchema },
  'call:join-device': { payload: call.JoinDeviceSchema, ack: call.JoinAckSchema },
  'call:admit': { payload: call.ParticipantTargetSchema, ack: call.OkAckSchema },
  'call:deny': { payload: call.ParticipantTargetSchema, ack: call.OkAckSchema },
  'call:remove': { payload: call.RemoveSchema, ack: call.OkAckSchema },
  'call:mute': { payload: call.ParticipantTargetSchema, ack: call.OkAckSchema },
  'call:agenda': { payload: call.AgendaMoveSchema, ack: call.OkAckSchema },
  'call:mute-all': { payload: call.EmptySchema, ack: call.OkAckSchema },
  'call:hard-mute': { payload: call.HardMuteSchema, ack: call.OkAckSchema },
  'call:unmute-self': { payload: call.EmptySchema, ack: call.OkAckSchema },
  'call:mute-self': { payload: call.EmptySchema, ack: call.OkAckSchema },
  'call:leave': { payload: call.EmptySchema, ack: call.OkAckSchema },
  'call:end': { payload: call.EmptySchema, ack: call.OkAckSchema },
  'call:lock': { payload: call.ToggleSchema, ack: call.OkAckSchema },
  'call:present-board': { payload: call.ToggleSchema, ack: call.OkAckSchema },
  'call:present-work': { payload: call.PresentWorkSchema, ack: call.OkAckSchema },
  'call:raise-hand': { payload: call.ToggleSchema, ack: call.OkAckSchema },
  'call:spotlight': { payload: call.OptionalParticipantSchema, ack: call.OkAckSchema },
  'call:pass-mic': { payload: call.OptionalParticipantSchema, ack: call.OkAckSchema },
  'call:stop-video': { payload: call.StopVideoSchema, ack: call.OkAckSchema },
  'call:class-chat': { payload: call.ToggleSchema, ack: call.OkAckSchema },
  'call:audio-only': { payload: call.ToggleSchema, ack: call.OkAckSchema },
  'call:audio-only-self': { payload: call.ToggleSchema, ack: call.OkAckSchema },
  'call:chat-send': { payload: call.ChatSendSchema, ack: call.ChatSendAckSchema },
  'call:chat-delete': { payload: call.ChatDeleteSchema, ack: call.OkAckSchema },
  'call:chat-release': { payload: call.ChatReleaseSchema, ack: call.OkAckSchema },
  'board:open': { payload: board.BoardOpenSchema, ack: board.BoardOpenAckSchema },
  'board:sync': { payload: board.BoardSyncSchema, ack: board.BoardOkAckSchema },
  'board:awareness': { payload: board.BoardAwarenessSchema, ack: board.BoardOkAckSchema },
  'board:close': { payload: board.BoardTargetSchema, ack: board.BoardOkAckSchema },
  'board:lock': { payload: board.BoardToggleSchema, ack: board.BoardOkAckSchema },
  'board:hide-cursors': { payload: board.BoardToggleSchema, ack: board.BoardOkAckSchema },
  'board:clear': { payload: board.BoardTargetSchema, ack: board.BoardOkAckSchema },
  'board:undo-clear': { payload: board.BoardTargetSchema, ack: board.BoardOkAckSchema },
  'board:delete-element': { payload: board.BoardElementTargetSchema, ack: board.BoardOkAckSchema },
  'board:release-held': { payload: board.BoardElementTargetSchema, ack: board.BoardOkAckSchema },
  'board:remove-held': { payload: board.BoardElementTargetSchema, ack: board.BoardOkAckSchema },
} as const;

export const SERVER_EVENTS = {
  'media:new-producer': media.NewProducerSchema,
  'media:producer-closed': media.ProducerClosedSchema,
  'media:active-speaker': media.ActiveSpeakerSchema,
  'media:audio-levels': media.AudioLevelsSchema,
  'media:room-lost': media.RoomLostSchema,
  'call:state': call.CallStateSchema,
  'call:removed': call.RemovedSchema,
  'call:chat': call.ChatListSchema,
  'board:sync': board.BoardSyncOutSchema,
  'board:awareness': board.BoardAwarenessOutSchema,
  'board:state': board.BoardStateSchema,
} as const;

export type ClientEventName = keyof typeof CLIENT_EVENTS;
export type ClientPayload<E extends ClientEventName> = z.input<(typeof CLIENT_EVENTS)[E]['payload']>;
export type ClientAck<E extends ClientEventName> = z.output<(typeof CLIENT_EVENTS)[E]['ack']>;
export type ClientAckData<E extends ClientEventName> = Extract<ClientAck<E>, { ok: true }>;
export type ServerEventName = keyof typeof SERVER_EVENTS;
export type ServerPayload<E extends ServerEventName> = z.output<(typeof SERVER_EVENTS)[E]>;

/** Socket.IO typing for both ends. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientPayload<E>, ack: (res: ClientAck<E>) => void) => void;
};
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerPayload<E>) => void;
};
export type { Ack };
