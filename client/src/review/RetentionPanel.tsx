// The programme's retention policy as dates, what is due now, and (for a programme DSL)
// applying it at once rather than waiting for the nightly run.
import { useState } from 'react';
import { api } from '../api/http';
import { useResource } from '../api/use-resource';
import { FormError } from '../components/FormError';
import { useAction } from '../components/use-form-action';

interface RetentionView {
  policy: { callLogMonths: number; exchangeDays: number; concernYears: number };
  yearEnd: string;
  until: Record<'call-logs' | 'exchange' | 'concerns', string>;
  due: ('call-logs' | 'exchange' | 'concerns')[];
  lastRun: { at: string; trigger: string; outcome: 'applied' | 'nothing due' | 'failed'; programmes: number; error?: string } | null;
  nextRunAt: string;
}
interface RunReport {
  programmeId: string;
  due: string[];
  redactedEvents: number;
  deleted: { exchangeItems: number; exchangeComments: number; boards: number; concerns: number };
}

const UK = 'Europe/London';
const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: UK });
// (dateStyle cannot be combined with timeZoneName: the fields are named one by one.)
const moment = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: UK,
    timeZoneName: 'short',
  });

export function RetentionPanel({ programmeId, mayRun }: { programmeId: string; mayRun: boolean }) {
  const { data, error, reload } = useResource<RetentionView>(`/api/programmes/${programmeId}/retention`);
  const [report, setReport] = useState<RunReport[]>();
  const action = useAction();
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p role="status">Loading the policy…</p>;
  const rows = [
    { key: 'call-logs' as const, what: 'Call records and whiteboards', rule: `${data.policy.callLogMonths} months after the year ends` },
    { key: 'exchange' as const, what: "Pupils' work on the exchange walls", rule: `${data.policy.exchangeDays} days after the year ends` },
    { key: 'concerns' as const, what: 'Concerns and their decisions', rule: `${data.policy.concernYears} years after the year ends` },
  ];
  const run = () =>
    action.run(async () => {
      setReport((await api.post<{ reports: RunReport[] }>(`/api/programmes/${programmeId}/retention/run`)).reports);
      reload();
    });
  return (
    <section aria-labelledby="retention-h">
      <h2 id="retention-h">Retention</h2>
      <p>
        The programme year ends on {day(data.yearEnd)}. Records are then kept for the times below and removed by a nightly job. A call or an item that a concern
        names is kept with the concern. Removed log entries keep their place in the chain, so the log still verifies.
      </p>
      <p data-testid="retention-runs">
        The job runs every night at 02:30 UK time (next: {moment(data.nextRunAt)}).{' '}
        {data.lastRun
          ? `Last run ${moment(data.lastRun.at)} (${data.lastRun.trigger}): ${data.lastRun.outcome === 'failed' ? `failed — ${data.lastRun.error ?? 'see the server log'}` : data.lastRun.outcome}.`
          : 'It has not run yet.'}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">Kept</th>
            <th scope="col">Until</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.what}</td>
              <td>{r.rule}</td>
              <td>{day(data.until[r.key])}</td>
              <td>{data.due.includes(r.key) ? <strong>due for removal</strong> : 'kept'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {mayRun && (
        <p className="actions">
          <button type="button" onClick={() => void run()} disabled={action.busy || data.due.length === 0} data-testid="retention-run">
            {action.busy ? 'Applying…' : 'Apply retention now'}
          </button>
        </p>
      )}
      <FormError message={action.error} />
      {report && (
        <p role="status">
          {report.length === 0
            ? 'Nothing was due.'
            : report
                .map(
                  (r) =>
                    `Removed: ${r.redactedEvents} log entries' details, ${r.deleted.exchangeItems} items of work, ${r.deleted.boards} boards, ${r.deleted.concerns} concerns.`,
                )
                .join(' ')}
        </p>
      )}
    </section>
  );
}
