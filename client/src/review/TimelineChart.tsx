// The picture of a call or a period: one lane per participant showing when they were
// present, and below them every event as a tick coloured by its group. Clicking a tick
// opens the event; the table beside it carries the same events for keyboards and readers.
import type { LogEventView } from '../../../shared/schemas/log';
import type { PresenceLane } from '../../../shared/schemas/safeguarding';
import { groupOf } from './event-kinds';

const LANE_HEIGHT_PX = 26;
const LABEL_WIDTH_PX = 150;
const CHART_WIDTH_PX = 900;
const AXIS_HEIGHT_PX = 24;
const TICKS = 6;

/** Short calls still spread out; a minute or less shows seconds on the axis. */
const MIN_SPAN_MS = 10_000;
const TEACHER_COLOUR = '#1d3557';
const DEVICE_COLOUR = '#2a9d8f';

const timeLabel = (ms: number, spanMs: number) =>
  new Date(ms).toLocaleString(
    undefined,
    spanMs > 2 * 86_400_000
      ? { day: 'numeric', month: 'short' }
      : spanMs > 10 * 60_000
        ? { hour: '2-digit', minute: '2-digit' }
        : { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  );

export function TimelineChart({
  events,
  lanes,
  selected,
  onSelect,
}: {
  events: LogEventView[];
  lanes: PresenceLane[];
  selected?: number;
  onSelect: (seq: number) => void;
}) {
  if (events.length === 0) return <p className="muted">No events match.</p>;
  const times = events.map((e) => Date.parse(e.at));
  const start = Math.min(...times);
  const end = Math.max(...times, start + MIN_SPAN_MS);
  const span = end - start;
  const x = (ms: number) => LABEL_WIDTH_PX + ((ms - start) / span) * (CHART_WIDTH_PX - LABEL_WIDTH_PX - 10);
  const eventsRowY = lanes.length * LANE_HEIGHT_PX + 6;
  const height = eventsRowY + LANE_HEIGHT_PX + AXIS_HEIGHT_PX;
  return (
    <svg
      className="timeline-chart"
      viewBox={`0 0 ${CHART_WIDTH_PX} ${height}`}
      role="img"
      aria-label={`Timeline (teachers dark blue, classes green): ${lanes.length} participants and ${events.length} events from ${new Date(start).toLocaleString()} to ${new Date(end).toLocaleString()}`}
    >
      {lanes.map((lane, i) => (
        <g key={lane.key} transform={`translate(0 ${i * LANE_HEIGHT_PX})`}>
          <circle cx={8} cy={LANE_HEIGHT_PX / 2} r={5} fill={lane.kind === 'teacher' ? TEACHER_COLOUR : DEVICE_COLOUR} />
          <text x={18} y={LANE_HEIGHT_PX / 2 + 4} className="lane-label">
            {lane.label}
          </text>
          {lane.intervals.map((iv) => (
            <rect
              key={iv.from}
              x={x(Date.parse(iv.from))}
              y={5}
              width={Math.max(2, x(iv.to ? Date.parse(iv.to) : end) - x(Date.parse(iv.from)))}
              height={LANE_HEIGHT_PX - 10}
              rx={4}
              fill={lane.kind === 'teacher' ? TEACHER_COLOUR : DEVICE_COLOUR}
            >
              <title>{`${lane.label}: ${new Date(iv.from).toLocaleTimeString()} – ${iv.to ? new Date(iv.to).toLocaleTimeString() : 'still there'}`}</title>
            </rect>
          ))}
        </g>
      ))}
      <text x={18} y={eventsRowY + LANE_HEIGHT_PX / 2 + 4} className="lane-label">
        Events
      </text>
      {events.map((e) => (
        <rect
          key={e.seq}
          x={x(Date.parse(e.at)) - 2}
          y={eventsRowY + (e.seq === selected ? 0 : 4)}
          width={4}
          height={LANE_HEIGHT_PX - (e.seq === selected ? 0 : 8)}
          fill={groupOf(e.type)?.colour ?? '#888'}
          stroke={e.seq === selected ? '#000' : 'none'}
          className="event-tick"
          onClick={() => onSelect(e.seq)}
        >
          <title>{`#${e.seq} ${new Date(e.at).toLocaleTimeString()} ${e.type}`}</title>
        </rect>
      ))}
      {Array.from({ length: TICKS + 1 }, (_, i) => start + (span * i) / TICKS).map((ms, i) => (
        <text key={ms} x={x(ms)} y={height - 6} textAnchor={i === TICKS ? 'end' : 'middle'} className="axis-label">
          {timeLabel(ms, span)}
        </text>
      ))}
    </svg>
  );
}
