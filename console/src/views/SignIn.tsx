// Operators sign in with their wallet (their address must be in OPERATOR_ADDRESSES) or an API key. Wallets are
// found through EIP-6963 (MetaMask first); each gets its own button.
import { type FormEvent, useEffect, useState } from 'react';
import type { Credentials } from '../api/credentials.ts';
import { signInWithKey, signInWithWallet } from '../api/sign-in.ts';
import { type Wallet, watchWallets } from '../api/wallets.ts';

export function SignIn({ onSignedIn }: { onSignedIn: (credentials: Credentials) => void }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState<'wallet' | 'key'>();
  const [error, setError] = useState<string>();
  const [wallets, setWallets] = useState<Wallet[]>([]);
  useEffect(() => watchWallets(setWallets), []);

  const run = async (how: 'wallet' | 'key', signIn: () => Promise<Credentials>) => {
    setBusy(how);
    setError(undefined);
    try {
      onSignedIn(await signIn());
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  const submitKey = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) void run('key', () => signInWithKey(key));
  };

  return (
    <main className="sign-in">
      <h1>MediCrypt relayer console</h1>
      <p className="muted">
        For the relayer’s operators. Every action you take here is written to the audit log.
      </p>
      <section className="panel">
        <h2>Sign in with your wallet</h2>
        <p className="muted">Your address must be listed in the relayer’s OPERATOR_ADDRESSES.</p>
        {wallets.length === 0 ? (
          <p className="muted">
            No wallet found in this browser. Install MetaMask, or sign in with an API key.
          </p>
        ) : (
          wallets.map((wallet) => (
            <button
              key={wallet.info.uuid}
              type="button"
              className="primary"
              disabled={busy !== undefined}
              onClick={() => void run('wallet', () => signInWithWallet(wallet.provider))}
            >
              {wallet.info.icon ? <img src={wallet.info.icon} alt="" width={16} height={16} /> : null}
              {busy === 'wallet' ? 'Waiting for the wallet…' : `Sign in with ${wallet.info.name}`}
            </button>
          ))
        )}
      </section>
      <section className="panel">
        <h2>Or use an API key</h2>
        <form onSubmit={submitKey}>
          <label htmlFor="api-key">Operator API key (label:secret, or the secret)</label>
          <input
            id="api-key"
            type="password"
            autoComplete="off"
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
          <button type="submit" className="secondary" disabled={busy !== undefined || !key.trim()}>
            {busy === 'key' ? 'Checking…' : 'Sign in with key'}
          </button>
        </form>
      </section>
      {error ? (
        <p role="alert" className="error-text">
          {error}
        </p>
      ) : null}
    </main>
  );
}
