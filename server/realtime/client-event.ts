// Registers one validated, acknowledged client event on a socket: the payload is parsed
// with its shared schema, the handler's result becomes {ok:true,…}, and every failure
// becomes {ok:false, error:{code,message}}. Nothing a client sends can throw out of here.
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { CLIENT_EVENTS, type ClientEventName } from '../../shared/events.js';
import { toErrorBody } from '../http/errors.js';

type Payload<E extends ClientEventName> = z.output<(typeof CLIENT_EVENTS)[E]['payload']>;
type AckData<E extends ClientEventName> = Omit<Extract<z.output<(typeof CLIENT_EVENTS)[E]['ack']>, { ok: true }>, 'ok'>;

export function onClientEvent<E extends ClientEventName>(
  socket: Socket,
  event: E,
  logger: Logger,
  handler: (payload: Payload<E>) => Promise<AckData<E>> | AckData<E>,
): void {
  // A plain name: Socket.IO's typed overloads do not see through the generic event name.
  const name: string = event;
  socket.on(name, async (raw: unknown, maybeAck: unknown) => {
    if (typeof maybeAck !== 'function') {
      logger.warn({ event, socket: socket.id }, 'client event without acknowledgement callback dropped');
      return;
    }
    const ack = maybeAck as (reply: unknown) => void;
    const parsed = CLIENT_EVENTS[event].payload.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : '(payload)';
      ack({ ok: false, error: { code: 'bad-request', message: `${where}: ${issue?.message ?? 'invalid'}` } });
      return;
    }
    try {
      const data = await handler(parsed.data as Payload<E>);
      ack({ ok: true, ...data });
    } catch (err) {
      const body = toErrorBody(err);
      if (body.code === 'internal') logger.error({ err, event }, 'client event failed');
      ack({ ok: false, error: body });
    }
  });
}
