// Every acknowledged socket event answers {ok:true, …data} or {ok:false, error}.
import { z } from 'zod';

export const ErrorBodySchema = z.object({ code: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const AckErrorSchema = z.object({ ok: z.literal(false), error: ErrorBodySchema });
export type AckError = z.infer<typeof AckErrorSchema>;

export type Ack<T> = ({ ok: true } & T) | AckError;

/** The ack schema for a success payload schema. */
export function ackOf<T extends z.ZodRawShape>(data: z.ZodObject<T>) {
  return z.discriminatedUnion('ok', [data.extend({ ok: z.literal(true) }), AckErrorSchema]);
}
