// A small SVG line chart: one or more series over the same time buckets, with a y axis in the series' unit.
// Gaps (null) break a line. Drawn by hand: no chart library.

export interface Series {
  name: string;
  color: string;
  values: (number | null)[];
}

export interface LineChartProps {
  title: string;
  series: Series[];
  /** One label per bucket (shown at a few ticks). */
  labels: string[];
  format: (value: number) => string;
  height?: number;
  /** Drawing width; the chart shrinks to fit but never grows past it (its text keeps its size). */
  width?: number;
}

const DEFAULT_WIDTH = 560;
const DOT_RADIUS = 2.5;
const DEFAULT_HEIGHT = 180;
const MARGIN = { top: 12, right: 12, bottom: 24, left: 64 };
const GRID_LINES = 4;
const X_TICKS = 5;

export function LineChart({
  title,
  series,
  labels,
  format,
  height = DEFAULT_HEIGHT,
  width: WIDTH = DEFAULT_WIDTH,
}: LineChartProps) {
  const values = series.flatMap((line) => line.values.filter((value): value is number => value !== null));
  const max = Math.max(...values, 0) || 1;
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = height - MARGIN.top - MARGIN.bottom;
  const count = Math.max(labels.length, 1);
  const x = (index: number) =>
    MARGIN.left + (count === 1 ? innerWidth / 2 : (index / (count - 1)) * innerWidth);
  const y = (value: number) => MARGIN.top + innerHeight - (value / max) * innerHeight;
  const paths = series.map((line) => {
    let path = '';
    let pen = false;
    const dots: { cx: number; cy: number }[] = [];
    line.values.forEach((value, index) => {
      if (value === null) {
        pen = false;
        return;
      }
      path += `${pen ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)} `;
      dots.push({ cx: x(index), cy: y(value) });
      pen = true;
    });
    return { ...line, path: path.trim(), dots };
  });
  const tickEvery = Math.max(1, Math.round(count / X_TICKS));
  const latest = series.map((line) => `${line.name} ${format(line.values.findLast((v) => v !== null) ?? 0)}`);
  return (
    <figure className="chart">
      <figcaption>
        {title}
        <span className="legend">
          {series.map((line) => (
            <span key={line.name}>
              <i style={{ background: line.color }} />
              {line.name}
            </span>
          ))}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`${title}: latest ${latest.join(', ')}`}
        style={{ maxWidth: WIDTH }}
      >
        {Array.from({ length: GRID_LINES + 1 }, (_, step) => {
          const value = (max / GRID_LINES) * step;
          return (
            <g key={`grid-${value}`}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(value)} y2={y(value)} className="grid" />
              <text x={MARGIN.left - 6} y={y(value) + 4} textAnchor="end" className="axis">
                {format(value)}
              </text>
            </g>
          );
        })}
        {labels.map((label, index) =>
          index % tickEvery === 0 ? (
            <text key={label} x={x(index)} y={height - 6} textAnchor="middle" className="axis">
              {label}
            </text>
          ) : null,
        )}
        {paths.map((line) => (
          <g key={line.name}>
            {line.path ? <path d={line.path} fill="none" stroke={line.color} strokeWidth={2} /> : null}
            {line.dots.map((dot) => (
              <circle key={`${dot.cx}`} cx={dot.cx} cy={dot.cy} r={DOT_RADIUS} fill={line.color} />
            ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}
