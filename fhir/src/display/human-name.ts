// People's names and what a reference points at, in words: "Dr Adam Careful", "Acme Laboratory, Inc",
// "Azithromycin 250mg capsule".
import type { HumanName } from 'fhir/r4.js';

const strings = (values: unknown): string[] =>
  Array.isArray(values) ? values.filter((value): value is string => typeof value === 'string') : [];

/** One HumanName: its text, else prefix, given names, family name and suffix. */
export function nameText(name: HumanName | undefined): string | undefined {
  if (!name || typeof name !== 'object') return undefined;
  if (typeof name.text === 'string' && name.text.trim() !== '') return name.text.trim();
  const family = typeof name.family === 'string' ? [name.family] : [];
  const parts = [...strings(name.prefix), ...strings(name.given), ...family, ...strings(name.suffix)];
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** A person's name from their list of names: the official, then usual, then first one that says something. */
export function humanNameText(names: readonly HumanName[] | undefined): string | undefined {
  if (!Array.isArray(names)) return undefined;
  const ranked = [
    ...names.filter((name) => name?.use === 'official'),
    ...names.filter((name) => name?.use === 'usual'),
    ...names.filter((name) => name?.use !== 'old'),
    ...names,
  ];
  for (const name of ranked) {
    const text = nameText(name);
    if (text) return text;
  }
  return undefined;
}
