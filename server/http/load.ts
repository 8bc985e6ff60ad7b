// Loading documents named in a URL: a malformed id is a 400, a missing one a 404.
import type { Model } from 'mongoose';
import { idParam } from '../errors/parse-input.js';
import { Refusal } from '../errors/refusal.js';

export async function loadOr404<T>(model: Model<T>, id: unknown, what: string) {
  const doc = await model.findById(idParam(id, `${what}Id`));
  if (!doc) throw new Refusal(404, 'not-found', `no ${what} ${String(id)}`);
  return doc;
}
