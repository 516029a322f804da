import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Address } from 'viem';
import { browser } from 'wxt/browser';
import { type TabItem, Tabs } from '../../../components/Tabs.tsx';
import { useIntentActivity } from '../../../hooks/use-intent-activity.ts';
import { usePatientSession } from '../../../hooks/use-patient-session.ts';
import { useRelayerData } from '../../../hooks/use-relayer-data.ts';
import { isRelayerEventMessage } from '../../../notifications/relayer-event-message.ts';
import { intentContextOf, type PatientConnection } from '../../../patient/patient-connection.ts';
import { signOut } from '../../../patient/sign-in.ts';
import type {
  AccessLog,
  AccessRequest,
  Grant,
  PatientSettings,
  RecordView,
  StudyView,
} from '../../../relayer/api-types.ts';
import { RelayerClient } from '../../../relayer/relayer-client.ts';
import type { Network } from '../../../settings/networks.ts';
import type { Eip1193Provider } from '../../../wallet/eip1193.ts';
import { AccessLogPanel } from './AccessLogPanel.tsx';
import { ActivityList } from './ActivityList.tsx';
import { ControlsPanel } from './ControlsPanel.tsx';
import { GrantsPanel } from './GrantsPanel.tsx';
import { PatientContext, type PatientContextValue } from './patient-context.ts';
import { RecordsPanel } from './RecordsPanel.tsx';
import { RequestsPanel } from './RequestsPanel.tsx';
import { SignInPanel } from './SignInPanel.tsx';

export interface PatientHomeProps {
  provider: Eip1193Provider;
  account: Address;
  network: Network;
  relayerUrl: string;
}

type TabKey = 'requests' | 'grants' | 'records' | 'log' | 'controls';

/** The indexer needs a moment after a change lands before the relayer's views show it. */
const RELOADS_AFTER_CONFIRMATION_MS = [500, 2_000];

/** The signed-in patient: requests, grants, records, the access log and standing choices. */
export default function PatientHome({ provider, account, network, relayerUrl }: PatientHomeProps) {
  const client = useMemo(() => new RelayerClient(relayerUrl), [relayerUrl]);
  const connection = useMemo<PatientConnection>(
    () => ({ provider, client, account, chainId: network.chainId, intents: intentContextOf(network) }),
    [provider, client, account, network],
  );
  const session = usePatientSession(client.baseUrl, account);

  if (session.status === 'loading')
    return (
      <p className="placeholder" role="status">
        <span className="spinner" aria-hidden="true" /> Checking your MediCrypt session…
      </p>
    );
  if (session.status !== 'ready')
    return <SignInPanel connection={connection} locked={session.status === 'locked'} />;
  return (
    <SignedInHome connection={connection} isResearcher={session.session.credentials.includes('researcher')} />
  );
}

/** Opens the research workspace (an extension page in a tab: wider, for tables and charts). */
const openResearchWorkspace = () =>
  void browser.tabs.create({ url: browser.runtime.getURL('/research.html') });

function SignedInHome({
  connection,
  isResearcher,
}: {
  connection: PatientConnection;
  isResearcher: boolean;
}) {
  const [version, setVersion] = useState(0);
  const [tab, setTab] = useState<TabKey>('requests');
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  const refresh = useCallback(() => setVersion((current) => current + 1), []);
  const refreshSoon = useCallback(() => {
    for (const delay of RELOADS_AFTER_CONFIRMATION_MS) timers.current.push(setTimeout(refresh, delay));
  }, [refresh]);

  useEffect(() => {
    const onMessage = (message: unknown) => {
      if (isRelayerEventMessage(message)) refresh();
    };
    browser.runtime.onMessage.addListener(onMessage);
    const pending = timers.current;
    return () => {
      browser.runtime.onMessage.removeListener(onMessage);
      for (const timer of pending) clearTimeout(timer);
    };
  }, [refresh]);

  const { client } = connection;
  const activity = useIntentActivity(client, connection.account, refreshSoon);
  const requests = useRelayerData<{ requests: AccessRequest[] }>(
    client,
    '/v1/access/requests?as=patient&status=pending',
    version,
  );
  const grants = useRelayerData<{ grants: Grant[] }>(client, '/v1/access/grants?as=patient', version);
  const records = useRelayerData<{ records: RecordView[] }>(client, '/v1/records', version);
  const log = useRelayerData<AccessLog>(client, '/v1/access/log', version);
  const settings = useRelayerData<PatientSettings>(client, '/v1/access/settings', version);
  const studies = useRelayerData<{ studies: StudyView[] }>(client, '/v1/studies', version);
  const context = useMemo<PatientContextValue>(
    () => ({ connection, version, refresh }),
    [connection, version, refresh],
  );

  const pendingCount = requests.data?.requests.length ?? 0;
  const tabs: TabItem<TabKey>[] = [
    {
      key: 'requests',
      label: <>Requests{pendingCount > 0 && <span className="count">{pendingCount}</span>}</>,
      accessibleLabel: pendingCount > 0 ? `Requests, ${pendingCount} waiting` : 'Requests',
    },
    { key: 'grants', label: 'Access' },
    { key: 'records', label: 'Records' },
    { key: 'log', label: 'Log' },
    { key: 'controls', label: 'More' },
  ];
  const grantList = grants.data?.grants ?? [];

  return (
    <PatientContext.Provider value={context}>
      <div className="patient-home">
        <div className="session-bar">
          <span className="muted">Signed in to {new URL(client.baseUrl).host}</span>
          <span className="session-actions">
            {isResearcher && (
              <button type="button" className="link-button" onClick={openResearchWorkspace}>
                Research workspace
              </button>
            )}
            <button
              type="button"
              className="link-button"
              onClick={refresh}
              aria-label="Reload from the relayer"
            >
              Reload
            </button>
            <button type="button" className="link-button" onClick={() => void signOut(client)}>
              Sign out
            </button>
          </span>
        </div>
        <Tabs<TabKey> label="Your MediCrypt" tabs={tabs} selected={tab} onSelect={setTab}>
          {tab === 'requests' && <RequestsPanel requests={requests} />}
          {tab === 'grants' && <GrantsPanel grants={grants} />}
          {tab === 'records' && <RecordsPanel records={records} grants={grantList} />}
          {tab === 'log' && <AccessLogPanel log={log} records={records.data?.records ?? []} />}
          {tab === 'controls' && <ControlsPanel settings={settings} studies={studies} />}
        </Tabs>
        <ActivityList items={activity} />
      </div>
    </PatientContext.Provider>
  );
}
