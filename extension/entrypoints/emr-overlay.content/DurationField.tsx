// The "For how long" choice of the overlay's forms.
import { useId } from 'react';

export function DurationField({
  options,
  value,
  disabled,
  onChange,
}: {
  options: readonly { seconds: number; label: string }[];
  value: number;
  disabled: boolean;
  onChange(seconds: number): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>For how long</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(Number(event.target.value))}
      >
        {options.map(({ seconds, label }) => (
          <option key={seconds} value={seconds}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
