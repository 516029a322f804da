// Throughput and p50/p95 latency per stage over time, drawn from the intents' stage timestamps, and failures by
// code.
import { useState } from 'react';
import type { OperatorApi } from '../api/client.ts';
import type { Stats as StatsData } from '../api/types.ts';
import { BarList } from '../components/BarList.tsx';
import { LineChart } from '../components/LineChart.tsx';
import { duration, percent } from '../format.ts';
import { useLoad } from '../use-load.ts';

const WINDOWS = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 hour' },
  { minutes: 360, label: '6 hours' },
  { minutes: 1440, label: '24 hours' },
];
const BUCKETS = 30;
const THROUGHPUT_WIDTH = 1100;
const STAGE_CHART_WIDTH = 380;
const STAGE_LABELS: Record<string, string> = {
  queue: 'Queue (queued → batched)',
  submit: 'Submit (batched → submitted)',
  mine: 'Mine (submitted → mined)',
  confirm: 'Confirm (mined → confirmed)',
  total: 'Total (received → confirmed)',
};
const COLORS = {
  received: '#2563eb',
  confirmed: '#059669',
  failed: '#dc2626',
  p50: '#0f766e',
  p95: '#b45309',
};

export function Stats({ api, version }: { api: OperatorApi; version: number }) {
  const [minutes, setMinutes] = useState(60);
  const { data, error } = useLoad(
    () => api.get<StatsData>('/v1/operator/stats', { windowMinutes: minutes, buckets: BUCKETS }),
    [minutes, version],
  );
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const labels = data.series.map((point) =>
    new Date(point.start).toLocaleTimeString(undefined, {
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }),
  );
  const perMinute = 60 / data.bucketSeconds;
  const rate = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)}/min`;
  return (
    <div className="stack">
      <fieldset className="filters window">
        <legend>Window</legend>
        {WINDOWS.map((window) => (
          <button
            key={window.minutes}
            type="button"
            className={window.minutes === minutes ? 'primary' : 'secondary'}
            aria-pressed={window.minutes === minutes}
            onClick={() => setMinutes(window.minutes)}
          >
            {window.label}
          </button>
        ))}
      </fieldset>
      <section className="panel">
        <LineChart
          title="Throughput (intents per minute)"
          width={THROUGHPUT_WIDTH}
          labels={labels}
          format={rate}
          series={(['received', 'confirmed', 'failed'] as const).map((name) => ({
            name,
            color: COLORS[name],
            values: data.series.map((point) => point[name] * perMinute),
          }))}
        />
      </section>
      <section className="panel" aria-labelledby="stages-title">
        <h2 id="stages-title">Latency per stage</h2>
        <table aria-label="Stage latency">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Intents</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
            </tr>
          </thead>
          <tbody>
            {data.stages.map((stage) => (
              <tr key={stage.name}>
                <td>{STAGE_LABELS[stage.name] ?? stage.name}</td>
                <td>{stage.count}</td>
                <td>{duration(stage.p50)}</td>
                <td>{duration(stage.p95)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="charts">
          {data.stages.map((stage) => (
            <LineChart
              key={stage.name}
              title={STAGE_LABELS[stage.name] ?? stage.name}
              labels={labels}
              format={(seconds) => duration(seconds)}
              height={150}
              width={STAGE_CHART_WIDTH}
              series={(['p50', 'p95'] as const).map((name) => ({
                name,
                color: COLORS[name],
                values: data.series.map((point) => point.latency[stage.name]?.[name] ?? null),
              }))}
            />
          ))}
        </div>
      </section>
      <section className="panel" aria-labelledby="errors-title">
        <h2 id="errors-title">Failures by code</h2>
        <p>
          {data.errors.failed} failed of {data.errors.finished} finished ({percent(data.errors.failureRate)})
        </p>
        <BarList
          items={data.errors.byCode.map((row) => ({
            label: `${row.code} (${row.status})`,
            value: row.count,
            note: percent(row.rate),
          }))}
        />
      </section>
    </div>
  );
}
