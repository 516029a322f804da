import type { CohortInsights, CountCell } from '@medicrypt/fhir';
import { type Bar, BarChart } from './BarChart.tsx';

const total = (cells: readonly CountCell[]) => cells.reduce((sum, cell) => sum + (cell.count ?? 0), 0);

/**
 * Cells of every stratum added up per label (a lab bin or a year), in first-seen order. A label whose cells are
 * all suppressed stays suppressed; otherwise the bar adds up the released cells (a lower bound when some of its
 * strata are suppressed).
 */
function byLabel<C extends CountCell>(cells: readonly C[], labelOf: (cell: C) => string): Bar[] {
  const bars = new Map<string, Bar>();
  for (const cell of cells) {
    const label = labelOf(cell);
    const bar = bars.get(label) ?? { label, value: null };
    if (!cell.suppressed && cell.count !== null) bar.value = (bar.value ?? 0) + cell.count;
    bars.set(label, bar);
  }
  return [...bars.values()];
}
const TOP_CODES = 8;
const STRATIFIER_LABELS: Record<string, string> = { ageBand: 'Age band', sex: 'Sex', zip3: 'ZIP (3 digits)' };

/** A study's aggregate statistics: the cohort by stratum, labs as distributions and trends, top codes. */
export function InsightsView({ insights }: { insights: CohortInsights }) {
  const { privacy } = insights;
  const labs = insights.labs.filter((lab) => lab.distribution.some((cell) => !cell.suppressed));
  const topCodes = (codes: CohortInsights['conditions']) =>
    [...codes].sort((a, b) => total(b.cells) - total(a.cells)).slice(0, TOP_CODES);
  return (
    <div className="insights stack">
      <p className="muted">
        Cells under {privacy.minCellSize} patients are suppressed
        {privacy.noise ? `; Laplace noise at ε = ${privacy.noise.epsilon}` : '; no noise added'}.{' '}
        {insights.suppressedCells.length} cell{insights.suppressedCells.length === 1 ? '' : 's'} suppressed; a
        bar adds up the strata released for it.
      </p>
      {insights.patients.length === 0 ? (
        <p className="empty muted">No consented patient has contributed yet.</p>
      ) : (
        <table aria-label="Consented patients by stratum">
          <thead>
            <tr>
              {privacy.stratify.map((name) => (
                <th key={name} scope="col">
                  {STRATIFIER_LABELS[name] ?? name}
                </th>
              ))}
              <th scope="col">Patients</th>
            </tr>
          </thead>
          <tbody>
            {insights.patients.map((cell) => (
              <tr key={cell.id}>
                {privacy.stratify.map((name) => (
                  <td key={name}>{String(cell.stratum[name] ?? '')}</td>
                ))}
                <td>{cell.suppressed || cell.count === null ? `< ${privacy.minCellSize}` : cell.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {labs.length === 0 ? (
        <p className="muted">No lab has enough patients to show.</p>
      ) : (
        labs.map((lab) => (
          <section key={lab.code} aria-label={lab.display}>
            <h4 className="subheading">
              {lab.display} ({lab.unit})
            </h4>
            <BarChart
              title={`${lab.display}: patient-years by value`}
              bars={byLabel(lab.distribution, (cell) => cell.bin)}
            />
            <BarChart
              title={`${lab.display}: patient-years with a value, per year`}
              bars={byLabel(lab.trend, (cell) => String(cell.year))}
            />
          </section>
        ))
      )}
      {(['conditions', 'medications'] as const).map((kind) => (
        <section key={kind} aria-label={kind}>
          <h4 className="subheading">{kind === 'conditions' ? 'Conditions' : 'Medications'}</h4>
          {insights[kind].length === 0 ? (
            <p className="muted">None with enough patients.</p>
          ) : (
            <ul className="plain-list">
              {topCodes(insights[kind]).map((code) => (
                <li key={`${code.system}|${code.code}`}>
                  {code.display ?? code.code}: {total(code.cells)} patient{total(code.cells) === 1 ? '' : 's'}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
