// Reads an awareness update (y-protocols: count, then clientID, clock and JSON state for
// each) so the server can check it before relaying: only the sender's own clients, and
// states of the expected shape carrying the sender's real name.
import * as decoding from 'lib0/decoding';
import { AwarenessStateSchema, type AwarenessState } from '../../shared/schemas/board.js';
import { BoardError } from './errors.js';

/** One browser tab has one Yjs client; a few allow for a reload within the timeout. */
export const MAX_AWARENESS_CLIENTS_PER_MESSAGE = 4;

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: AwarenessState | null;
}

export function readAwarenessUpdate(data: Uint8Array): AwarenessEntry[] {
  let raw: { clientId: number; clock: number; json: string }[];
  try {
    const d = decoding.createDecoder(data);
    const count = decoding.readVarUint(d);
    if (count < 1 || count > MAX_AWARENESS_CLIENTS_PER_MESSAGE) throw new BoardError('malformed', 'awareness update with too many clients');
    raw = [];
    for (let i = 0; i < count; i++) raw.push({ clientId: decoding.readVarUint(d), clock: decoding.readVarUint(d), json: decoding.readVarString(d) });
    if (decoding.hasContent(d)) throw new BoardError('malformed', 'trailing bytes after the awareness update');
  } catch (err) {
    throw err instanceof BoardError ? err : new BoardError('malformed', 'The awareness update could not be read.');
  }
  return raw.map(({ clientId, clock, json }) => {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      throw new BoardError('malformed', 'The awareness state is not JSON.');
    }
    if (value === null) return { clientId, clock, state: null };
    const parsed = AwarenessStateSchema.safeParse(value);
    if (!parsed.success) throw new BoardError('not-allowed', 'The awareness state has an unexpected shape.');
    return { clientId, clock, state: parsed.data };
  });
}
