// Loading documents named in a URL: a malformed id is a 400, a missing one a 404.
import type { Model } from 'mongoose';
import { ObjectIdSchema } from '../../shared/schemas/programme.js';
import { HttpError } from './errors.js';
import { parse } from './validate.js';

export function idParam(value: unknown, name: string): string {
  return parse(ObjectIdSchema, value, name);
}

export async function loadOr404<T>(model: Model<T>, id: unknown, what: string) {
  const doc = await model.findById(idParam(id, `${what}Id`));
  if (!doc) throw new HttpError(404, 'not-found', `no ${what} ${String(id)}`);
  return doc;
}
