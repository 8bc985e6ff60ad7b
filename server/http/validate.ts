import type { z } from 'zod';
import { HttpError } from './errors.js';

/** Parses input with its schema; a failure is a 400 naming the field, and changes nothing. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => {
    const field = [where, ...i.path.map(String)].join('.');
    return { field, message: i.message };
  });
  throw new HttpError(400, 'bad-request', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues });
}
