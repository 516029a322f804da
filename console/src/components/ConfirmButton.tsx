// A button for an action that changes the relayer: the first press asks, the second acts. While it runs the
// button is busy; its outcome (or error) is shown beside it.
import { useState } from 'react';

export interface ConfirmButtonProps {
  label: string;
  /** What the confirming press says, e.g. "Cancel transaction 0x12…". */
  confirmLabel?: string;
  danger?: boolean;
  disabled?: boolean;
  onConfirm: () => Promise<unknown>;
  /** Called after a success (to reload the view). */
  onDone?: () => void;
}

export function ConfirmButton({
  label,
  confirmLabel,
  danger,
  disabled,
  onConfirm,
  onDone,
}: ConfirmButtonProps) {
  const [state, setState] = useState<'idle' | 'asking' | 'busy'>('idle');
  const [error, setError] = useState<string>();
  const act = async () => {
    setState('busy');
    setError(undefined);
    try {
      await onConfirm();
      setState('idle');
      onDone?.();
    } catch (caught) {
      setError((caught as Error).message);
      setState('idle');
    }
  };
  return (
    <span className="confirm">
      {state === 'asking' ? (
        <>
          <button type="button" className={danger ? 'danger' : 'primary'} onClick={() => void act()}>
            {confirmLabel ?? `Confirm: ${label}`}
          </button>
          <button type="button" className="ghost" onClick={() => setState('idle')}>
            Keep as is
          </button>
        </>
      ) : (
        <button
          type="button"
          className={danger ? 'danger-outline' : 'secondary'}
          disabled={disabled || state === 'busy'}
          aria-busy={state === 'busy'}
          onClick={() => setState('asking')}
        >
          {state === 'busy' ? `${label}…` : label}
        </button>
      )}
      {error ? (
        <span role="alert" className="error-text">
          {error}
        </span>
      ) : null}
    </span>
  );
}
