import { type FormEvent, useId, useState } from 'react';
import { AccountAddress } from '../../../components/AccountAddress.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { appointDelegate, revokeDelegate } from '../../../patient/patient-settings.ts';
import type { PatientSettings } from '../../../relayer/api-types.ts';
import { usePatient } from './patient-context.ts';

/** People who may decide for the patient (a guardian, a caregiver): appoint by address, remove. */
export function DelegatesForm({ settings }: { settings: PatientSettings }) {
  const { connection } = usePatient();
  const id = useId();
  const action = useAction();
  const [address, setAddress] = useState('');
  const [sent, setSent] = useState<string>();

  const appoint = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await appointDelegate(connection, settings, address);
      setAddress('');
      setSent('Appointment sent.');
    });
  };
  const remove = (delegate: string) =>
    action.run(async () => {
      await revokeDelegate(connection, settings, delegate);
      setSent('Removal sent.');
    });

  return (
    <div className="setting">
      <h3 className="subheading">Delegates</h3>
      {settings.delegates.length === 0 ? (
        <p className="muted">No one decides for you.</p>
      ) : (
        <ul className="plain-list">
          {settings.delegates.map(({ delegate }) => (
            <li key={delegate} className="row">
              <AccountAddress address={delegate} />
              <button
                type="button"
                className="button button-danger button-small"
                onClick={() => remove(delegate)}
                disabled={action.pending}
                aria-label={`Remove delegate ${delegate}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={appoint}>
        <label htmlFor={`${id}-delegate`}>Appoint a delegate (wallet address)</label>
        <div className="row">
          <input
            id={`${id}-delegate`}
            className="mono"
            value={address}
            onChange={(event) => setAddress(event.target.value)}
            placeholder="0x…"
            spellCheck={false}
            autoComplete="off"
            disabled={action.pending}
          />
          <button type="submit" className="button button-small" disabled={action.pending || !address.trim()}>
            Appoint
          </button>
        </div>
      </form>
      {sent && (
        <p className="notice" role="status">
          {sent}
        </p>
      )}
      <ErrorNotice message={action.error} />
    </div>
  );
}
