// A group of category checkboxes (what to share), each labelled in words.
import type { CategoryName } from '@medicrypt/contracts';
import { categoryLabel } from '../patient/consent-labels.ts';

export interface CategoryChoicesProps {
  legend: string;
  options: readonly CategoryName[];
  selected: readonly CategoryName[];
  onChange(selected: CategoryName[]): void;
  disabled?: boolean;
}

export function CategoryChoices({ legend, options, selected, onChange, disabled }: CategoryChoicesProps) {
  const toggle = (name: CategoryName, checked: boolean) =>
    onChange(options.filter((option) => (option === name ? checked : selected.includes(option))));
  return (
    <fieldset className="choices" disabled={disabled}>
      <legend>{legend}</legend>
      {options.map((name) => (
        <label className="choice" key={name}>
          <input
            type="checkbox"
            value={name}
            checked={selected.includes(name)}
            onChange={(event) => toggle(name, event.target.checked)}
          />
          <span>{categoryLabel(name)}</span>
        </label>
      ))}
    </fieldset>
  );
}
