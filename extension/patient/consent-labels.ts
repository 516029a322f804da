// Words for codes: category and purpose names as people read them, durations, dates, short addresses.
import type { CategoryName, PurposeName } from '@medicrypt/contracts';
import { getAddress, isAddress } from 'viem';

export const categoryLabels: Record<CategoryName, string> = {
  lab: 'Lab results',
  imaging: 'Imaging',
  medication: 'Medications',
  condition: 'Conditions',
  allergy: 'Allergies',
  immunization: 'Immunizations',
  procedure: 'Procedures',
  vitals: 'Vital signs',
  note: 'Clinical notes',
  encounter: 'Visits',
  document: 'Documents',
  genomics: 'Genomics',
  mentalHealth: 'Mental health',
  other: 'Other',
};

export const purposeLabels: Record<PurposeName, string> = {
  treatment: 'Treatment',
  emergencyTreatment: 'Emergency treatment',
  careManagement: 'Care management',
  patientRequested: 'At your request',
  research: 'Research',
  clinicalTrial: 'Clinical trial',
  publicHealth: 'Public health',
};

export function categoryLabel(name: string): string {
  return categoryLabels[name as CategoryName] ?? name;
}

export function purposeLabel(name: string): string {
  return purposeLabels[name as PurposeName] ?? name;
}

export function categoryList(names: readonly string[]): string {
  return names.map(categoryLabel).join(', ');
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/** "30 days", "1 day", "12 hours", "45 minutes". */
export function formatDuration(seconds: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (seconds >= DAY && seconds % DAY === 0) return plural(seconds / DAY, 'day');
  if (seconds >= 2 * DAY) return plural(Math.floor(seconds / DAY), 'day');
  if (seconds >= HOUR) return plural(Math.round(seconds / HOUR), 'hour');
  return plural(Math.max(1, Math.round(seconds / 60)), 'minute');
}

/** A date and time in the user's locale, e.g. "3 Dec 2026, 14:05". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return 'unknown time';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "0x3C44…93BC": checksummed, as the wallet shows addresses (the relayer answers them lowercase). */
export function shortAddress(address: string): string {
  const shown = isAddress(address, { strict: false }) ? getAddress(address) : address;
  return `${shown.slice(0, 6)}…${shown.slice(-4)}`;
}
