import type { LogEventView } from '../../../shared/schemas/log';
import type { Programme } from '../api/types';
import { useResource } from '../api/use-resource';

/** The latest safeguarding events in the reader's scope (reading them is logged). */
export function LogSection({ programme, schoolId }: { programme: Programme; schoolId?: string }) {
  const query = new URLSearchParams({ limit: '100', ...(schoolId ? { schoolId } : {}) });
  const { data, error } = useResource<LogEventView[]>(`/api/programmes/${programme.id}/log?${query}`);
  return (
    <section aria-labelledby="log-h">
      <h2 id="log-h">Safeguarding log</h2>
      <p className="muted">Every time this list is opened, the reading is itself recorded in the log.</p>
      {error && <p role="alert">{error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>
                {e.actor.label ?? e.actor.id} <span className="muted">({e.role})</span>
              </td>
              <td>{e.type}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
