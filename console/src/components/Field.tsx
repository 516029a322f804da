// A labelled control: the label names only the control (a label wrapped around a select would read its options).
import type { ReactNode } from 'react';

export function Field({
  id,
  label,
  grow,
  children,
}: {
  id: string;
  label: string;
  grow?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={grow ? 'field grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}
