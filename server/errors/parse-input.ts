// Input checked against its schema: a failure is a 400 naming the field, and changes nothing.
import type { z } from 'zod';
import { ObjectIdSchema } from '../../shared/schemas/programme.js';
import { Refusal } from './refusal.js';

export function parse<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => {
    const field = [where, ...i.path.map(String)].join('.');
    return { field, message: i.message };
  });
  throw new Refusal(400, 'bad-request', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues });
}

/** An id named in a request: a malformed one is a 400. */
export function idParam(value: unknown, name: string): string {
  return parse(ObjectIdSchema, value, name);
}
