import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { setBreakGlassAllowed } from '../../../patient/patient-settings.ts';
import type { PatientSettings } from '../../../relayer/api-types.ts';
import { usePatient } from './patient-context.ts';

/** Whether a credentialed doctor may open time-boxed emergency access (on by default). */
export function BreakGlassSwitch({ settings }: { settings: PatientSettings }) {
  const { connection } = usePatient();
  const action = useAction();
  const allowed = settings.breakGlassAllowed;
  const toggle = () => action.run(() => setBreakGlassAllowed(connection, settings, !allowed));
  return (
    <div className="setting">
      <div className="switch-row">
        <span id="break-glass-label">Emergency (break-glass) access</span>
        <button
          type="button"
          role="switch"
          aria-checked={allowed}
          aria-labelledby="break-glass-label"
          aria-describedby="break-glass-hint"
          className="switch"
          onClick={toggle}
          disabled={action.pending}
        >
          <span aria-hidden="true">{allowed ? 'On' : 'Off'}</span>
        </button>
      </div>
      <p id="break-glass-hint" className="field-hint muted">
        {allowed
          ? 'In an emergency a credentialed doctor may open your records for a short time. You are told at once.'
          : 'Nobody can open emergency access to your records.'}
      </p>
      {action.pending && (
        <p role="status" className="muted">
          Waiting for MetaMask…
        </p>
      )}
      <ErrorNotice message={action.error} />
    </div>
  );
}
