// Horizontal bars for a few labelled counts (failures by code).
export function BarList({ items }: { items: { label: string; value: number; note?: string }[] }) {
  const max = Math.max(...items.map((item) => item.value), 1);
  if (items.length === 0) return <p className="muted">None in this window.</p>;
  return (
    <ul className="bars">
      {items.map((item) => (
        <li key={item.label}>
          <span className="bar-label">{item.label}</span>
          <span className="bar-track">
            <span className="bar-fill" style={{ width: `${(item.value / max) * 100}%` }} />
          </span>
          <span className="bar-value">
            {item.value}
            {item.note ? <span className="muted"> ({item.note})</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
