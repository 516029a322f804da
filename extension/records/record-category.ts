// A record's category arrives as its bit position; the views speak names.
import { type CategoryName, categories } from '@medicrypt/contracts';

const names = Object.fromEntries(Object.entries(categories).map(([name, bit]) => [bit, name])) as Record<
  number,
  CategoryName
>;

export function categoryNameOf(bit: number): CategoryName {
  return names[bit] ?? 'other';
}
