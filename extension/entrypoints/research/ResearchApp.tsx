// The research workspace: an extension page (opened from the popup) where a credentialed researcher publishes
// and registers studies, browses the others, and reads each of their studies' consented, de-identified dataset
// and aggregate insights. Wider than the popup, for tables and charts.
import { useCallback, useMemo, useState } from 'react';
import type { Address } from 'viem';
import { browser } from 'wxt/browser';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useIntentActivity } from '../../hooks/use-intent-activity.ts';
import { usePatientSession } from '../../hooks/use-patient-session.ts';
import { useRelayerData } from '../../hooks/use-relayer-data.ts';
import { useSettings } from '../../hooks/use-settings.ts';
import { type OpenProvider, openMetaMask, useWallet } from '../../hooks/use-wallet.ts';
import { categoryList, purposeLabel, shortAddress } from '../../patient/consent-labels.ts';
import { intentContextOf, type PatientConnection } from '../../patient/patient-connection.ts';
import { signIn } from '../../patient/sign-in.ts';
import { studyTitle } from '../../patient/study-participation.ts';
import type { StudyView } from '../../relayer/api-types.ts';
import { RelayerClient } from '../../relayer/relayer-client.ts';
import { type Network, networks } from '../../settings/networks.ts';
import type { Eip1193Provider } from '../../wallet/eip1193.ts';
import { ActivityList } from '../popup/patient/ActivityList.tsx';
import { WalletPanel } from '../popup/WalletPanel.tsx';
import { ResearcherStudy } from './ResearcherStudy.tsx';
import { StudyForm } from './StudyForm.tsx';

/** The indexer needs a moment after a registration lands before the study is listed. */
const RELOAD_AFTER_CONFIRMATION_MS = 1_000;

export function ResearchApp({ openProvider = openMetaMask }: { openProvider?: OpenProvider }) {
  const settings = useSettings();
  const network = settings ? networks[settings.network] : undefined;
  const wallet = useWallet({ extensionId: settings?.metamaskExtensionId, network, openProvider });
  return (
    <main className="workspace">
      <header className="popup-header">
        <div>
          <h1>MediCrypt research</h1>
          <p className="tagline muted">Consented, de-identified data only</p>
        </div>
      </header>
      <WalletPanel
        wallet={wallet}
        network={network}
        extensionId={settings?.metamaskExtensionId}
        onOpenSettings={() => void browser.runtime.openOptionsPage()}
      />
      {wallet.view.status === 'connected' && wallet.provider && network && settings && (
        <Workspace
          provider={wallet.provider}
          account={wallet.view.account}
          network={network}
          relayerUrl={settings.relayerUrl}
        />
      )}
    </main>
  );
}

interface WorkspaceProps {
  provider: Eip1193Provider;
  account: Address;
  network: Network;
  relayerUrl: string;
}

function Workspace({ provider, account, network, relayerUrl }: WorkspaceProps) {
  const client = useMemo(() => new RelayerClient(relayerUrl), [relayerUrl]);
  const connection = useMemo<PatientConnection>(
    () => ({ provider, client, account, chainId: network.chainId, intents: intentContextOf(network) }),
    [provider, client, account, network],
  );
  // The encryption key is not needed here: a session without it ('locked') is signed in all the same.
  const state = usePatientSession(client.baseUrl, account);
  const action = useAction();

  if (state.status === 'loading')
    return (
      <p className="placeholder" role="status">
        <span className="spinner" aria-hidden="true" /> Checking your MediCrypt session…
      </p>
    );
  if (state.status === 'signed-out')
    return (
      <section className="panel stack">
        <p>Sign in to {new URL(client.baseUrl).host} with your wallet to work on your studies.</p>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={action.pending}
            onClick={() =>
              void action.run(() => signIn({ provider, client, account, chainId: network.chainId }))
            }
          >
            Sign in with your wallet
          </button>
        </div>
        <ErrorNotice message={action.error} />
      </section>
    );
  const { session } = state;
  if (!session.credentials.includes('researcher'))
    return (
      <p className="notice notice-error" role="alert">
        {shortAddress(account)} holds no researcher credential. An issuer grants one on chain; sign in again
        once it is there.
      </p>
    );
  return <ResearchStudies connection={connection} />;
}

/** The signed-in researcher's studies, the others', and the form for a new one. */
export function ResearchStudies({ connection }: { connection: PatientConnection }) {
  const { client, account } = connection;
  const [version, setVersion] = useState(0);
  const refreshSoon = useCallback(() => {
    setTimeout(() => setVersion((current) => current + 1), RELOAD_AFTER_CONFIRMATION_MS);
  }, []);
  const activity = useIntentActivity(client, account, refreshSoon);
  const studies = useRelayerData<{ studies: StudyView[] }>(client, '/v1/studies', version);
  const all = studies.data?.studies ?? [];
  const mine = all.filter((study) => study.researcher.toLowerCase() === account.toLowerCase());
  const others = all.filter((study) => study.researcher.toLowerCase() !== account.toLowerCase());

  return (
    <div className="workspace-columns">
      <div className="stack">
        <section className="panel" aria-labelledby="my-studies">
          <h2 id="my-studies" className="panel-heading">
            Your studies
          </h2>
          {studies.error && (
            <p className="notice notice-error" role="alert">
              Could not load the studies: {studies.error}
            </p>
          )}
          {studies.loading ? (
            <p className="placeholder" role="status">
              <span className="spinner" aria-hidden="true" /> Loading studies…
            </p>
          ) : mine.length === 0 ? (
            <p className="empty muted">You have no registered study yet.</p>
          ) : (
            <ul className="card-list">
              {mine.map((study) => (
                <ResearcherStudy key={study.studyId} study={study} client={client} />
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="other-studies">
          <h2 id="other-studies" className="panel-heading">
            Other studies
          </h2>
          {others.length === 0 ? (
            <p className="empty muted">No other study is registered.</p>
          ) : (
            <ul className="plain-list">
              {others.map((study) => (
                <li key={study.studyId}>
                  <strong>{studyTitle(study)}</strong> · {purposeLabel(study.purpose)} ·{' '}
                  {categoryList(study.categories)} · {shortAddress(study.researcher)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <div className="stack">
        <StudyForm connection={connection} />
        <ActivityList items={activity} />
      </div>
    </div>
  );
}
