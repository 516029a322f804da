import type { Address } from 'viem';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { updateSettings } from '../../settings/settings.ts';
import { FakeProvider, rpcError } from '../../testing/fake-provider.ts';
import { click, getButton, getByRole, render, text, update, waitFor } from '../../testing/render.tsx';
import { WalletNotFoundError } from '../../wallet/errors.ts';
import { App } from './App.tsx';
import { POPUP_INTERACTIVE_MARK } from './interactive-mark.ts';
import { isPoppedOut } from './pop-out.ts';

const patient: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const other: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

async function renderPopup(provider: FakeProvider) {
  const openProvider = vi.fn(async (_extensionId: string) => provider);
  const rendered = await render(<App openProvider={openProvider} />);
  return { ...rendered, openProvider };
}

const heading = (container: Element) => text(container.querySelector('#wallet-heading')!);

describe('popup', () => {
  it('shows the disconnected state when the wallet shares no account, and connects on request', async () => {
    const provider = new FakeProvider({ chainId: 11155111 });
    const { container } = await renderPopup(provider);
    await waitFor(() => expect(heading(container)).toBe('Connect your wallet'));

    provider.accounts = [patient];
    await click(getButton(container, 'Connect wallet'));

    await waitFor(() => expect(heading(container)).toBe('Connected'));
    expect(provider.methods()).toContain('eth_requestAccounts');
    expect(container.querySelector(`[title="${patient}"]`)).not.toBeNull();
  });

  it('shows the connected account and network', async () => {
    const { container } = await renderPopup(new FakeProvider({ accounts: [patient], chainId: 11155111 }));
    await waitFor(() => expect(heading(container)).toBe('Connected'));
    expect(text(container)).toContain('Local Anvil (chain 11155111)');
    expect(text(container)).toContain('0x7099…79C8');
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows the wrong-network state and switches on request', async () => {
    const provider = new FakeProvider({ accounts: [patient], chainId: 1 });
    provider.handlers.wallet_switchEthereumChain = () => {
      provider.chainId = 11155111;
      provider.emit('chainChanged', '0xaa36a7');
      return null;
    };
    const { container } = await renderPopup(provider);
    await waitFor(() => expect(text(getByRole(container, 'alert'))).toContain('Wrong network.'));
    expect(text(getByRole(container, 'alert'))).toContain('MetaMask is on Ethereum (chain 1)');

    await click(getButton(container, 'Switch to Local Anvil'));

    await waitFor(() => expect(heading(container)).toBe('Connected'));
    expect(provider.requests).toContainEqual({
      method: 'wallet_switchEthereumChain',
      params: [{ chainId: '0xaa36a7' }],
    });
  });

  it('follows account and chain events from the wallet', async () => {
    const provider = new FakeProvider({ accounts: [patient], chainId: 11155111 });
    const { container } = await renderPopup(provider);
    await waitFor(() => expect(heading(container)).toBe('Connected'));

    await update(() => provider.emit('accountsChanged', [other.toLowerCase()]));
    await waitFor(() => expect(container.querySelector(`[title="${other}"]`)).not.toBeNull());

    await update(() => provider.emit('chainChanged', '0x1'));
    await waitFor(() => expect(text(container)).toContain('Wrong network.'));

    await update(() => provider.emit('accountsChanged', []));
    await waitFor(() => expect(heading(container)).toBe('Connect your wallet'));
  });

  it('explains a declined connection', async () => {
    const provider = new FakeProvider({
      handlers: { eth_requestAccounts: () => Promise.reject(rpcError(4001)) },
    });
    const { container } = await renderPopup(provider);
    await waitFor(() => getButton(container, 'Connect wallet'));
    await click(getButton(container, 'Connect wallet'));
    await waitFor(() =>
      expect(text(getByRole(container, 'alert'))).toBe(
        'You declined to connect MetaMask, so nothing was shared with MediCrypt.',
      ),
    );
    expect(getButton(container, 'Connect wallet').disabled).toBe(false);

    // Connected from MetaMask itself: the old explanation no longer applies.
    await update(() => provider.emit('accountsChanged', [patient]));
    await waitFor(() => expect(heading(container)).toBe('Connected'));
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });

  it('says when the wallet is missing and tries again on request', async () => {
    const provider = new FakeProvider({ accounts: [patient] });
    const openProvider = vi
      .fn<(extensionId: string) => Promise<FakeProvider>>()
      .mockRejectedValueOnce(new WalletNotFoundError('nkbihfbeogaeaoehlefnkodbefgpgknn'))
      .mockResolvedValue(provider);
    const { container } = await render(<App openProvider={openProvider} />);
    await waitFor(() => expect(heading(container)).toBe('MetaMask not found'));
    expect(text(container)).toContain('nkbihfbeogaeaoehlefnkodbefgpgknn');

    await click(getButton(container, 'Try again'));
    await waitFor(() => expect(heading(container)).toBe('Connected'));
  });

  it('talks to the wallet extension configured in settings', async () => {
    const walletId = 'eadifchkbnlbcnknghnecahphkekplda';
    await updateSettings({ metamaskExtensionId: walletId });
    const { openProvider, container } = await renderPopup(new FakeProvider());
    await waitFor(() => expect(heading(container)).toBe('Connect your wallet'));
    expect(openProvider).toHaveBeenLastCalledWith(walletId);
  });

  it('records when the popup became interactive', async () => {
    performance.clearMarks(POPUP_INTERACTIVE_MARK);
    const { container } = await renderPopup(new FakeProvider());
    await waitFor(() => getButton(container, 'Connect wallet'));
    expect(performance.getEntriesByName(POPUP_INTERACTIVE_MARK)).toHaveLength(1);
  });

  it('stops listening to the wallet when closed', async () => {
    const provider = new FakeProvider({ accounts: [patient] });
    const { container, unmount } = await renderPopup(provider);
    await waitFor(() => expect(heading(container)).toBe('Connected'));
    await unmount();
    expect(provider.listenerCount('accountsChanged')).toBe(0);
    expect(provider.listenerCount('chainChanged')).toBe(0);
  });

  it('opens itself in a window of its own, which stays open while MetaMask asks', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    const close = vi.spyOn(window, 'close').mockImplementation(() => {});
    const { container } = await renderPopup(new FakeProvider());
    await waitFor(() => getButton(container, 'Connect wallet'));
    await click(getButton(container, 'Open in a window'));
    expect(create).toHaveBeenCalledWith({
      url: 'chrome-extension://test-extension-id/popup.html?view=window',
      type: 'popup',
      width: 380,
      height: 680,
    });
    expect(close).toHaveBeenCalled();
    expect(isPoppedOut('?view=window')).toBe(true);
    expect(isPoppedOut('')).toBe(false);
  });
});
