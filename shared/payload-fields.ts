// An event's details as labelled fields a safeguarding lead can read, with database ids and
// other machine values set apart as "technical details" (still there for an investigation).
import type { JsonValue } from './schemas/log.js';

export interface PayloadField {
  label: string;
  value: string;
}

/** Keys that hold machine values: ids, hashes, content types. */
const TECHNICAL_KEY = /(^id$|Ids?$|^hash$|Hash$|^mime$|^seq$|^query$|^sha256$)/;

/** "mutedBy" → "Muted by"; "pupil_count" → "Pupil count". */
export function labelOf(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function valueOf(v: JsonValue): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string' || typeof x === 'number') ? v.join(', ') : JSON.stringify(v);
  return Object.entries(v)
    .map(([k, x]) => `${labelOf(k)}: ${valueOf(x)}`)
    .join('; ');
}

export function payloadFields(payload: unknown): { shown: PayloadField[]; technical: PayloadField[] } {
  const shown: PayloadField[] = [];
  const technical: PayloadField[] = [];
  if (payload === undefined || payload === null) return { shown, technical };
  if (typeof payload !== 'object' || Array.isArray(payload)) return { shown: [{ label: 'Details', value: valueOf(payload as JsonValue) }], technical };
  for (const [key, v] of Object.entries(payload as Record<string, JsonValue>)) {
    (TECHNICAL_KEY.test(key) ? technical : shown).push({ label: labelOf(key), value: valueOf(v) });
  }
  return { shown, technical };
}
