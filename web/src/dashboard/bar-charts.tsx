/**
 * Two small charts drawn as SVG by hand (no library): columns for a series of days and bars for a
 * ranked list. Both are pictures only (aria-hidden): the numbers they draw are in the table each
 * chart panel shows beside it. Negative amounts (more refunded than sold) go below the zero line.
 */
export interface ChartPoint {
  key: string;
  /** Short label drawn under a column or before a bar. */
  label: string;
  value: number;
}

const WIDTH = 600;

/** The value range drawn, always including zero. */
function span(points: readonly ChartPoint[]): { low: number; high: number } {
  const values = points.map((p) => p.value);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  return { low, high: high === low ? low + 1 : high };
}

/** Columns, one per point; every `labelEvery`-th point is labelled under its column. */
export function ColumnChart({
  points,
  labelEvery = 1,
}: {
  points: readonly ChartPoint[];
  labelEvery?: number;
}) {
  const height = 160;
  const axis = 18;
  const { low, high } = span(points);
  const y = (v: number) => ((high - v) / (high - low)) * (height - axis);
  const step = WIDTH / Math.max(points.length, 1);
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} aria-hidden="true" focusable="false">
      {points.map((p, i) => (
        <g key={p.key}>
          <rect
            className={p.value < 0 ? 'chart-bar negative' : 'chart-bar'}
            x={i * step + step * 0.15}
            y={Math.min(y(p.value), y(0))}
            width={step * 0.7}
            height={Math.abs(y(p.value) - y(0))}
          />
          {i % labelEvery === 0 && (
            <text className="chart-label" x={i * step + step / 2} y={height - 4} textAnchor="middle">
              {p.label}
            </text>
          )}
        </g>
      ))}
      <line className="chart-axis" x1={0} x2={WIDTH} y1={y(0)} y2={y(0)} />
    </svg>
  );
}

/** Horizontal bars, one row per point, the label above its bar. */
export function BarChart({ points }: { points: readonly ChartPoint[] }) {
  const row = 34;
  const { low, high } = span(points);
  const x = (v: number) => ((v - low) / (high - low)) * WIDTH;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${row * points.length}`}
      aria-hidden="true"
      focusable="false"
    >
      {points.map((p, i) => (
        <g key={p.key}>
          <text className="chart-label" x={0} y={i * row + 12}>
            {p.label}
          </text>
          <rect
            className={p.value < 0 ? 'chart-bar negative' : 'chart-bar'}
            x={Math.min(x(p.value), x(0))}
            y={i * row + 16}
            width={Math.max(Math.abs(x(p.value) - x(0)), 1)}
            height={row - 20}
          />
        </g>
      ))}
    </svg>
  );
}
