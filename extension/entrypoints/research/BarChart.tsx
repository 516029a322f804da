// A small accessible bar chart: each bar a count, suppressed cells drawn as empty stubs and named as such.
export interface Bar {
  label: string;
  /** Null when the cell is suppressed (fewer than the minimum cell size). */
  value: number | null;
}

const WIDTH = 420;
const HEIGHT = 140;
const AXIS = 18;

export function BarChart({ title, bars }: { title: string; bars: readonly Bar[] }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0));
  const slot = WIDTH / Math.max(1, bars.length);
  const summary = bars.map((bar) => `${bar.label}: ${bar.value ?? 'suppressed'}`).join(', ');
  return (
    <figure className="chart">
      <svg
        className="bar-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title}. ${summary}`}
      >
        {bars.map((bar, index) => {
          const height = bar.value === null ? 3 : ((HEIGHT - AXIS - 4) * bar.value) / max;
          const x = index * slot + slot * 0.15;
          return (
            <g key={bar.label}>
              <rect
                className={bar.value === null ? 'suppressed' : undefined}
                x={x}
                y={HEIGHT - AXIS - height}
                width={slot * 0.7}
                height={height}
              />
              <text x={index * slot + slot / 2} y={HEIGHT - 4} textAnchor="middle">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{title}</figcaption>
    </figure>
  );
}
