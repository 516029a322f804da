// The console's frame: sign-in, then a header (intake state, live stream, who is signed in), the navigation
// and the current view. Views live at #/<name>; the live stream bumps `version` so open views reload.
import { useEffect, useMemo, useState } from 'react';
import { OperatorApi } from './api/client.ts';
import { type Credentials, loadCredentials } from './api/credentials.ts';
import { followLive, type LiveState } from './api/live.ts';
import type { Snapshot } from './api/types.ts';
import { StatusBadge } from './components/StatusBadge.tsx';
import { short } from './format.ts';
import { Audit } from './views/Audit.tsx';
import { Batches } from './views/Batches.tsx';
import { Intents } from './views/Intents.tsx';
import { Overview } from './views/Overview.tsx';
import { Signers } from './views/Signers.tsx';
import { SignIn } from './views/SignIn.tsx';
import { Stats } from './views/Stats.tsx';
import { Transactions } from './views/Transactions.tsx';

const VIEWS = [
  { path: '', label: 'Overview' },
  { path: 'intents', label: 'Intents' },
  { path: 'batches', label: 'Batches' },
  { path: 'transactions', label: 'Transactions' },
  { path: 'signers', label: 'Signers' },
  { path: 'stats', label: 'Throughput & latency' },
  { path: 'audit', label: 'Audit log' },
] as const;
/** Views reload at most this often on live updates. */
const RELOAD_THROTTLE_MS = 1_000;

function readRoute(): { path: string; query: URLSearchParams } {
  const [path = '', query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  return { path, query: new URLSearchParams(query) };
}

export function App() {
  const api = useMemo(() => new OperatorApi(loadCredentials()), []);
  const [credentials, setCredentials] = useState<Credentials | undefined>(api.signedIn);
  const [route, setRoute] = useState(readRoute);
  const [snapshot, setSnapshot] = useState<Snapshot>();
  const [live, setLive] = useState<LiveState>('offline');
  const [version, setVersion] = useState(0);

  useEffect(() => api.onChange(setCredentials), [api]);
  useEffect(() => {
    const onHash = () => setRoute(readRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (!credentials) return;
    let last = 0;
    let timer: number | undefined;
    const bump = () => {
      last = Date.now();
      timer = undefined;
      setVersion((value) => value + 1);
    };
    const stop = followLive(
      api,
      (next) => {
        setSnapshot(next);
        const wait = RELOAD_THROTTLE_MS - (Date.now() - last);
        if (wait <= 0) bump();
        else timer ??= window.setTimeout(bump, wait);
      },
      setLive,
    );
    return () => {
      stop();
      window.clearTimeout(timer);
    };
  }, [api, credentials]);

  if (!credentials) return <SignIn onSignedIn={(next) => api.setCredentials(next)} />;

  const signOut = async () => {
    if (credentials.kind === 'siwe') await api.post('/v1/operator/auth/logout').catch(() => undefined);
    api.setCredentials(undefined);
  };
  const who = credentials.kind === 'siwe' ? short(credentials.account) : 'API key';
  const view = (() => {
    switch (route.path) {
      case 'intents':
        return <Intents api={api} version={version} initialStatus={route.query.get('status') ?? undefined} />;
      case 'batches':
        return <Batches api={api} version={version} />;
      case 'transactions':
        return <Transactions api={api} version={version} />;
      case 'signers':
        return <Signers api={api} version={version} />;
      case 'stats':
        return <Stats api={api} version={version} />;
      case 'audit':
        return <Audit api={api} version={version} />;
      default:
        return <Overview api={api} version={version} snapshot={snapshot} />;
    }
  })();

  return (
    <div className="layout">
      <header className="top">
        <span className="brand">MediCrypt relayer</span>
        <span className="intake-state" data-mode={snapshot?.intake.mode}>
          Intake {snapshot ? <StatusBadge status={snapshot.intake.mode} /> : '…'}
        </span>
        <span className={`live live-${live}`} role="status" aria-label={`Live updates: ${live}`}>
          ● {live}
        </span>
        <span className="who">
          {who}{' '}
          <button type="button" className="ghost" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <nav aria-label="Console">
        <ul>
          {VIEWS.map((item) => (
            <li key={item.path}>
              <a href={`#/${item.path}`} aria-current={route.path === item.path ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main key={`${route.path}?${route.query}`}>{view}</main>
    </div>
  );
}
