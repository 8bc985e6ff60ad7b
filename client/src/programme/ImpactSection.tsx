// The programme's impact for the coordinator: the headline figures, a chart of each link's
// progress through the year plan, and the same as CSV or a one-page PDF for councillors.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { headlineFigures, type Impact } from '../../../shared/impact';
import type { Programme } from '../api/types';
import { useResource } from '../api/use-resource';

const BAR_ROW_PX = 28;

export default function ImpactSection({ programme, refreshKey = 0 }: { programme: Programme; refreshKey?: number }) {
  const { data, error } = useResource<Impact>(`/api/programmes/${programme.id}/impact`, refreshKey);
  const url = `/api/programmes/${programme.id}/impact`;
  return (
    <section aria-labelledby="impact-h" data-testid="impact">
      <h2 id="impact-h">Impact</h2>
      {error && <p role="alert">{error}</p>}
      {data && (
        <>
          <ul className="figures-row">
            {headlineFigures(data).map(([label, value]) => (
              <li key={label}>
                <strong>{value.toLocaleString()}</strong> {label}
              </li>
            ))}
          </ul>
          {data.linkProgress.length > 0 && (
            <figure className="impact-chart">
              <figcaption>Milestones of the year plan done, per link (of {data.linkProgress[0]!.total})</figcaption>
              <ResponsiveContainer width="100%" height={40 + data.linkProgress.length * BAR_ROW_PX}>
                <BarChart data={data.linkProgress} layout="vertical" margin={{ left: 20, right: 20 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" domain={[0, data.linkProgress[0]!.total]} allowDecimals={false} />
                  <YAxis type="category" dataKey="name" width={260} tick={{ fontSize: 12 }} />
                  <Tooltip />
                  <Bar dataKey="done" name="milestones done" fill="#2a9d8f" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
          )}
          <p className="actions">
            <a className="button" href={`${url}?format=pdf`} data-testid="impact-pdf">
              One-page summary (PDF)
            </a>
            <a className="button secondary" href={`${url}?format=csv`} data-testid="impact-csv">
              Figures as CSV
            </a>
          </p>
        </>
      )}
    </section>
  );
}
