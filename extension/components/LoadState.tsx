// The three states of data from the relayer before there is something to show: loading (a placeholder of the
// same height, so nothing jumps), failed (with the reason), or empty.
import type { ReactNode } from 'react';

export interface LoadStateProps {
  loading: boolean;
  error: string | undefined;
  empty: boolean;
  emptyText: string;
  what: string;
  children: ReactNode;
}

export function LoadState({ loading, error, empty, emptyText, what, children }: LoadStateProps) {
  if (loading)
    return (
      <p className="placeholder" role="status">
        <span className="spinner" aria-hidden="true" /> Loading {what}…
      </p>
    );
  return (
    <>
      {error && (
        <p className="notice notice-error" role="alert">
          Could not load {what}: {error}
        </p>
      )}
      {!error && empty ? <p className="empty muted">{emptyText}</p> : children}
    </>
  );
}
