// The background's answers to the EMR overlay. Only content scripts on sites the doctor enabled (and
// MediCrypt's own pages) are answered; everything runs as the session signed in from the popup.

import { getAddress } from 'viem';
import { browser } from 'wxt/browser';
import { recordIntent } from '../intents/intent-activity.ts';
import type { AccessStanding, IntentView } from '../relayer/api-types.ts';
import { RelayerClient } from '../relayer/relayer-client.ts';
import { getRelayerSession } from '../relayer/relayer-session.ts';
import { networks } from '../settings/networks.ts';
import { getSettings } from '../settings/settings.ts';
import { rememberOverlayTab } from './overlay-events.ts';
import type {
  OverlayMessage,
  OverlayOperation,
  OverlayOperations,
  OverlayReply,
} from './overlay-messages.ts';
import { resolvePatientName } from './resolve-patient-name.ts';

type Handler<K extends OverlayOperation> = (
  request: OverlayOperations[K]['request'],
) => Promise<OverlayOperations[K]['value']>;

class ServiceError extends Error {
  constructor(
    readonly code: string,
    readonly shortMessage: string,
  ) {
    super(shortMessage);
  }
}

async function client(): Promise<RelayerClient> {
  return new RelayerClient((await getSettings()).relayerUrl);
}

const handlers: { [K in OverlayOperation]: Handler<K> } = {
  async session() {
    const [settings, session] = await Promise.all([getSettings(), getRelayerSession()]);
    if (!session || session.relayerUrl !== settings.relayerUrl) return null;
    return {
      account: session.account,
      credentials: session.credentials,
      network: settings.network,
      relayerUrl: settings.relayerUrl,
    };
  },
  async standing({ patient }) {
    return (await client()).json<AccessStanding>('GET', `/v1/access/standing?patient=${getAddress(patient)}`);
  },
  async resolveName({ name }) {
    return resolvePatientName(networks[(await getSettings()).network], name);
  },
  async submit({ signed, type, label }) {
    const relayer = await client();
    const session = await relayer.session();
    const accepted = await relayer.publicJson<IntentView>('POST', '/v1/intents', { body: signed });
    await recordIntent({
      id: accepted.id,
      type,
      label,
      status: accepted.status,
      failure: accepted.failure ? (accepted.failure.reason ?? accepted.failure.code) : undefined,
      submittedAt: Date.now(),
      account: session.account,
    });
    return accepted;
  },
  async intent({ id }) {
    return (await client()).publicJson<IntentView>('GET', `/v1/intents/${encodeURIComponent(id)}`);
  },
  async openRecords({ patient }) {
    const url = new URL(browser.runtime.getURL('/records.html'));
    url.searchParams.set('patient', getAddress(patient));
    await browser.tabs.create({ url: url.href });
    return null;
  },
};

/** Whether `sender` is MediCrypt itself or a content script on an EMR site the doctor enabled. */
async function trusted(sender: {
  id?: string;
  origin?: string;
  url?: string;
  tab?: { id?: number };
}): Promise<boolean> {
  if (sender.id !== browser.runtime.id) return false;
  if (!sender.tab) return true;
  const origin = sender.origin ?? (sender.url ? new URL(sender.url).origin : undefined);
  return origin !== undefined && (await getSettings()).emrSites.includes(origin);
}

export async function answerOverlay<K extends OverlayOperation>(
  message: Extract<OverlayMessage, { op: K }>,
  sender: { id?: string; origin?: string; url?: string; tab?: { id?: number } },
): Promise<OverlayReply<K>> {
  try {
    if (!(await trusted(sender)))
      throw new ServiceError(
        'SITE_NOT_ENABLED',
        'MediCrypt is not enabled on this site. Enable it in Settings.',
      );
    // The tab is told of the relayer's live events from now on (overlay-events.ts).
    if (sender.tab?.id !== undefined) await rememberOverlayTab(sender.tab.id);
    const handler = handlers[message.op] as Handler<K> | undefined;
    if (!handler)
      throw new ServiceError('UNKNOWN_OPERATION', `Unknown overlay operation ${String(message.op)}.`);
    return { ok: true, value: await handler(message.request) };
  } catch (error) {
    const {
      code,
      shortMessage,
      message: text,
    } = error as { code?: unknown; shortMessage?: unknown; message?: unknown };
    return {
      ok: false,
      error: {
        code: typeof code === 'string' ? code : 'INTERNAL',
        message: typeof shortMessage === 'string' ? shortMessage : String(text ?? error),
      },
    };
  }
}
