// A status as a coloured pill; the colour follows how the status reads (fine, waiting, bad).
const TONES: Record<string, 'ok' | 'wait' | 'bad' | 'muted'> = {
  confirmed: 'ok',
  mined: 'ok',
  delivered: 'ok',
  active: 'ok',
  open: 'ok',
  ok: 'ok',
  queued: 'wait',
  received: 'wait',
  batched: 'wait',
  submitted: 'wait',
  signed: 'wait',
  pending: 'wait',
  draining: 'wait',
  paused: 'bad',
  failed: 'bad',
  expired: 'bad',
  dropped: 'bad',
  error: 'bad',
  cancelled: 'muted',
  replaced: 'muted',
  superseded: 'muted',
  retired: 'muted',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${TONES[status] ?? 'muted'}`}>{status}</span>;
}
