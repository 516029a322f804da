import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useSettings } from '../../hooks/use-settings.ts';
import { addEmrSite, grantedAtInstall, removeEmrSite } from '../../settings/emr-sites.ts';
import { networkNames, networks } from '../../settings/networks.ts';
import {
  InvalidSettingsError,
  type Settings,
  type SettingsIssue,
  updateSettings,
} from '../../settings/settings.ts';
import {
  currentBrowser,
  defaultMetaMaskId,
  metamaskExtensionIds,
} from '../../wallet/metamask-extension-ids.ts';

type Draft = Omit<Settings, 'emrSites' | 'patientSelectors'>;
type Issues = Partial<Record<keyof Settings, string>>;

const notificationChoices: { key: keyof Settings['notifications']; label: string }[] = [
  { key: 'accessRequests', label: 'Someone asks for access to my records' },
  { key: 'intentStatus', label: 'A consent change I signed is confirmed, or fails' },
  { key: 'newRecords', label: 'A new record is added to my file' },
];

function draftOf({ emrSites: _, patientSelectors: __, ...draft }: Settings): Draft {
  return draft;
}

function issuesByField(issues: SettingsIssue[]): Issues {
  return Object.fromEntries(issues.map((issue) => [issue.field, issue.message]));
}

export function OptionsApp() {
  const settings = useSettings();
  const [draft, setDraft] = useState<Draft>();
  const [issues, setIssues] = useState<Issues>({});
  const [status, setStatus] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [siteError, setSiteError] = useState<string>();
  const [newSite, setNewSite] = useState('');
  const [newSelector, setNewSelector] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const ids = useId();

  // The form starts from the stored settings once; later changes from elsewhere do not clobber edits.
  useEffect(() => {
    if (settings && !draft) setDraft(draftOf(settings));
  }, [settings, draft]);

  if (!settings || !draft) {
    return (
      <main className="options" aria-busy="true">
        <h1>MediCrypt settings</h1>
        <p role="status">
          <span className="spinner" aria-hidden="true" /> Loading settings…
        </p>
      </main>
    );
  }

  const change = (changes: Partial<Draft>) => {
    setDraft({ ...draft, ...changes });
    setStatus(undefined);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setStatus(undefined);
    try {
      const saved = await updateSettings(draft);
      setDraft(draftOf(saved));
      setIssues({});
      setStatus('Settings saved.');
    } catch (error) {
      if (!(error instanceof InvalidSettingsError)) throw error;
      setIssues(issuesByField(error.issues));
      setStatus('Nothing was saved: fix the highlighted fields.');
      const first = error.issues[0]?.field;
      if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
    } finally {
      setSaving(false);
    }
  };

  const removeSite = async (origin: string) => {
    setSiteError(undefined);
    try {
      await removeEmrSite(origin);
      setStatus(
        grantedAtInstall(origin)
          ? `MediCrypt's overlay is off for ${origin}.`
          : `MediCrypt's overlay is off for ${origin}, and its access to the site is given back.`,
      );
    } catch (error) {
      setSiteError(`Could not remove ${origin}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  // Straight from the click: the browser only asks the user for a permission during a user gesture.
  const addSite = async (event: FormEvent) => {
    event.preventDefault();
    setSiteError(undefined);
    try {
      const saved = await addEmrSite(newSite, newSelector);
      const origin = saved.emrSites.at(-1);
      setNewSite('');
      setNewSelector('');
      setStatus(`MediCrypt's overlay is on for ${origin}. Reload its open tabs to show it.`);
    } catch (error) {
      setSiteError(
        error instanceof RangeError
          ? 'Enter the address of the EMR site, starting with https:// or http://.'
          : ((error as { shortMessage?: string }).shortMessage ?? String(error)),
      );
    }
  };

  const fieldProps = (field: keyof Settings) => ({
    id: `${ids}-${field}`,
    name: field,
    'aria-invalid': issues[field] ? true : undefined,
    'aria-describedby': `${ids}-${field}-hint${issues[field] ? ` ${ids}-${field}-error` : ''}`,
  });
  const fieldError = (field: keyof Settings) =>
    issues[field] && (
      <p className="field-error" id={`${ids}-${field}-error`}>
        {issues[field]}
      </p>
    );

  return (
    <main className="options">
      <h1>MediCrypt settings</h1>

      <form ref={formRef} onSubmit={save} noValidate>
        <section aria-labelledby={`${ids}-connection`}>
          <h2 id={`${ids}-connection`}>Connection</h2>

          <div className="field">
            <label htmlFor={`${ids}-relayerUrl`}>Relayer URL</label>
            <input
              type="url"
              value={draft.relayerUrl}
              onChange={(event) => change({ relayerUrl: event.target.value })}
              autoComplete="url"
              {...fieldProps('relayerUrl')}
            />
            <p className="field-hint" id={`${ids}-relayerUrl-hint`}>
              The service that submits your signed consent changes, so you never pay gas.
            </p>
            {fieldError('relayerUrl')}
          </div>

          <fieldset className="field" aria-describedby={`${ids}-network-hint`}>
            <legend>Network</legend>
            {networkNames.map((name) => (
              <label className="choice" key={name}>
                <input
                  type="radio"
                  name="network"
                  value={name}
                  checked={draft.network === name}
                  onChange={() => change({ network: name })}
                />
                <span>
                  {networks[name].label}{' '}
                  <span className="muted">
                    ({networks[name].rpcUrl}, chain {networks[name].chainId})
                  </span>
                </span>
              </label>
            ))}
            <p className="field-hint" id={`${ids}-network-hint`}>
              The popup asks MetaMask to switch when it is on another chain.
            </p>
            {fieldError('network')}
          </fieldset>

          <div className="field">
            <label htmlFor={`${ids}-metamaskExtensionId`}>MetaMask extension id</label>
            <input
              type="text"
              value={draft.metamaskExtensionId}
              onChange={(event) => change({ metamaskExtensionId: event.target.value })}
              spellCheck={false}
              autoComplete="off"
              className="mono"
              {...fieldProps('metamaskExtensionId')}
            />
            <p className="field-hint" id={`${ids}-metamaskExtensionId-hint`}>
              MetaMask in this browser is <code>{defaultMetaMaskId()}</code>
              {currentBrowser() === 'edge' ? (
                <>
                  {' '}
                  (with it, MediCrypt also finds MetaMask from the Chrome Web Store,{' '}
                  <code>{metamaskExtensionIds.chrome}</code>)
                </>
              ) : null}
              . Change it only for a development build of MetaMask or another compatible wallet.
            </p>
            {fieldError('metamaskExtensionId')}
          </div>
        </section>

        <section aria-labelledby={`${ids}-notifications`} style={{ marginTop: '1.5em' }}>
          <h2 id={`${ids}-notifications`}>Notifications</h2>
          <fieldset className="field">
            <legend>Tell me when</legend>
            {notificationChoices.map(({ key, label }) => (
              <label className="choice" key={key}>
                <input
                  type="checkbox"
                  name={`notifications.${key}`}
                  checked={draft.notifications[key]}
                  onChange={(event) =>
                    change({ notifications: { ...draft.notifications, [key]: event.target.checked } })
                  }
                />
                <span>{label}</span>
              </label>
            ))}
            {fieldError('notifications')}
          </fieldset>
        </section>

        <div className="form-actions" style={{ marginTop: '1.5em' }}>
          <button type="submit" className="button" disabled={saving} aria-busy={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <p role="status" aria-live="polite">
            {status}
          </p>
        </div>
      </form>

      <section aria-labelledby={`${ids}-sites`}>
        <h2 id={`${ids}-sites`}>EMR sites</h2>
        <p className="muted">
          Sites where MediCrypt may show the doctor's overlay. Removing a site withdraws MediCrypt's access to
          it.
        </p>
        {settings.emrSites.length === 0 ? (
          <p className="notice">No EMR sites are enabled.</p>
        ) : (
          <ul className="site-list">
            {settings.emrSites.map((origin) => (
              <li key={origin}>
                <span>
                  <span className="mono">{origin}</span>
                  <br />
                  <span className="muted">
                    Patient:{' '}
                    {settings.patientSelectors[origin] ? (
                      <code>{settings.patientSelectors[origin]}</code>
                    ) : (
                      'found on the page'
                    )}
                  </span>
                </span>
                <button
                  type="button"
                  className="button button-danger"
                  onClick={() => removeSite(origin)}
                  aria-label={`Remove ${origin}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="site-form" onSubmit={addSite} aria-labelledby={`${ids}-add-site`}>
          <h3 id={`${ids}-add-site`}>Enable MediCrypt on an EMR site</h3>
          <div className="field">
            <label htmlFor={`${ids}-new-site`}>EMR site address</label>
            <input
              id={`${ids}-new-site`}
              type="url"
              value={newSite}
              placeholder="https://emr.example.org"
              onChange={(event) => setNewSite(event.target.value)}
              required
            />
            <p className="field-hint">MediCrypt asks Chrome for access to this site only.</p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-new-selector`}>Patient selector (optional)</label>
            <input
              id={`${ids}-new-selector`}
              type="text"
              className="mono"
              value={newSelector}
              placeholder="#patient-wallet"
              onChange={(event) => setNewSelector(event.target.value)}
              aria-describedby={`${ids}-new-selector-hint`}
            />
            <p className="field-hint" id={`${ids}-new-selector-hint`}>
              A CSS selector for the element showing the patient's wallet address or ENS name. Without one,
              MediCrypt looks for an element marked <code>data-medicrypt-patient</code>, then for an address
              in the page.
            </p>
          </div>
          <button type="submit" className="button">
            Enable on this site
          </button>
        </form>
        {siteError && (
          <p className="notice notice-error" role="alert">
            {siteError}
          </p>
        )}
      </section>
    </main>
  );
}
