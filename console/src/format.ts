// How numbers, amounts, hashes and times read in the console.
import { formatEther } from 'viem';

const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 3_600;
const SECONDS_PER_DAY = 86_400;
const ETH_DECIMALS_SHOWN = 5;

export function eth(wei: string | null | undefined): string {
  if (wei === null || wei === undefined) return '—';
  const [whole, fraction = ''] = formatEther(BigInt(wei)).split('.');
  const shown = fraction.slice(0, ETH_DECIMALS_SHOWN).replace(/0+$/, '');
  return `${whole}${shown ? `.${shown}` : ''} ETH`;
}

export function gwei(wei: string | null | undefined): string {
  if (wei === null || wei === undefined) return '—';
  return `${(Number(wei) / 1e9).toFixed(2)} gwei`;
}

/** `0x1234…abcd` (the full value goes in a title). */
export function short(hex: string | null | undefined, keep = 6): string {
  if (!hex) return '—';
  return hex.length <= keep * 2 + 1 ? hex : `${hex.slice(0, keep)}…${hex.slice(-4)}`;
}

/** A duration in seconds, as people say it: 850 ms, 12.5 s, 4 min, 3 h 20 min, 2 d 5 h. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < SECONDS_PER_MINUTE) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < SECONDS_PER_HOUR) return `${Math.round(seconds / SECONDS_PER_MINUTE)} min`;
  if (seconds < SECONDS_PER_DAY) {
    const hours = Math.floor(seconds / SECONDS_PER_HOUR);
    return `${hours} h ${Math.round((seconds - hours * SECONDS_PER_HOUR) / SECONDS_PER_MINUTE)} min`;
  }
  const days = Math.floor(seconds / SECONDS_PER_DAY);
  return `${days} d ${Math.round((seconds - days * SECONDS_PER_DAY) / SECONDS_PER_HOUR)} h`;
}

export function time(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleTimeString(undefined, { hour12: false });
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${date.toLocaleTimeString(undefined, { hour12: false })}`;
}

export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)} %`;
}
