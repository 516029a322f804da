// Chromium with MediCrypt and the test wallet loaded, driven by playwright-core (no browser download:
// Debian's Chromium). One persistent profile per launch, deleted on close.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page, type Worker } from 'playwright-core';
import { extensionIdFromKey } from '../../extension/manifest-key.ts';
import type {
  TestWalletChanges,
  TestWalletScope,
  TestWalletStatus,
} from '../wallet-extension/src/protocol.ts';
import { repoRoot } from './builds.ts';

export const artifactsDir = join(repoRoot, 'test', 'artifacts');

export interface LaunchParameters {
  /** The unpacked MediCrypt build (extension/.output/chrome-mv3). */
  medicryptDir: string;
  /** The unpacked test wallet (test/wallet-extension). */
  walletDir: string;
}

export interface TestWalletHandle {
  configure(changes: TestWalletChanges): Promise<TestWalletStatus>;
  status(): Promise<TestWalletStatus>;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  medicryptId: string;
  walletId: string;
  wallet: TestWalletHandle;
  /** MediCrypt's background service worker (started again if Chrome stopped it). */
  medicryptWorker(): Promise<Worker>;
  /** The toolbar popup, opened as a tab 360px wide. */
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  /**
   * Points MediCrypt at `relayerUrl` and the test wallet through the options page, as a user would; returns the
   * options page, still open.
   */
  configure(relayerUrl: string): Promise<Page>;
  /** The research workspace page, at a desktop width. */
  openResearch(): Promise<Page>;
  close(): Promise<void>;
}

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it with \`apt-get install -y chromium\` (Debian) or set CHROMIUM_PATH.`,
    );
  }
  return path;
}

function manifestKeyOf(dir: string): string {
  const { key } = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { key?: string };
  if (!key) throw new Error(`${dir}/manifest.json has no key, so its extension id is not fixed`);
  return key;
}

/** The first extension service worker whose URL `matches`, waiting up to `timeoutMs` for it to start. */
async function findServiceWorker(
  context: BrowserContext,
  matches: (url: URL) => boolean,
  description: string,
  timeoutMs = 15_000,
): Promise<Worker> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const worker = context.serviceWorkers().find((candidate) => matches(new URL(candidate.url())));
    if (worker) return worker;
    const left = deadline - Date.now();
    if (left <= 0) {
      const seen = context.serviceWorkers().map((candidate) => candidate.url());
      throw new Error(`no service worker for ${description}; running: ${seen.join(', ') || 'none'}`);
    }
    await context.waitForEvent('serviceworker', { timeout: left }).catch(() => undefined);
  }
}

/** Finds an extension by its worker script and checks its id is the one its manifest key pins. */
async function extensionIdOf(context: BrowserContext, dir: string, scriptPath: string): Promise<string> {
  const worker = await findServiceWorker(
    context,
    (url) => url.protocol === 'chrome-extension:' && url.pathname === `/${scriptPath}`,
    `${dir} (/${scriptPath})`,
  );
  const id = new URL(worker.url()).host;
  const pinned = extensionIdFromKey(manifestKeyOf(dir));
  if (id !== pinned) throw new Error(`${dir} loaded as ${id}, but its manifest key pins ${pinned}`);
  return id;
}

const workerOf = (context: BrowserContext, extensionId: string) =>
  findServiceWorker(context, (url) => url.host === extensionId, `extension ${extensionId}`);

function testWalletHandle(context: BrowserContext, walletId: string): TestWalletHandle {
  return {
    async configure(changes) {
      const worker = await workerOf(context, walletId);
      return worker.evaluate((next) => (globalThis as TestWalletScope).testWallet.configure(next), changes);
    },
    async status() {
      const worker = await workerOf(context, walletId);
      return worker.evaluate(() => (globalThis as TestWalletScope).testWallet.status());
    },
  };
}

/** A fresh Chromium profile with these unpacked extensions loaded. */
async function launchProfile(extensionDirs: string[]) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'medicrypt-e2e-'));
  const extensions = extensionDirs.join(',');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      `--disable-extensions-except=${extensions}`,
      `--load-extension=${extensions}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
  const close = async () => {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

export interface WalletBrowser {
  context: BrowserContext;
  walletId: string;
  wallet: TestWalletHandle;
  close(): Promise<void>;
}

/** Chromium with only the test wallet: web pages (the console) find it through EIP-6963. */
export async function launchWithTestWallet(walletDir: string): Promise<WalletBrowser> {
  const { context, close } = await launchProfile([walletDir]);
  try {
    const walletId = await extensionIdOf(context, walletDir, 'dist/background.js');
    return { context, walletId, wallet: testWalletHandle(context, walletId), close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function launchWithExtensions({
  medicryptDir,
  walletDir,
}: LaunchParameters): Promise<ExtensionBrowser> {
  const { context, close } = await launchProfile([medicryptDir, walletDir]);
  try {
    const [medicryptId, walletId] = await Promise.all([
      extensionIdOf(context, medicryptDir, 'background.js'),
      extensionIdOf(context, walletDir, 'dist/background.js'),
    ]);

    const wallet = testWalletHandle(context, walletId);

    const openPage = async (path: string, width: number) => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 640 });
      await page.goto(`chrome-extension://${medicryptId}/${path}`);
      return page;
    };

    return {
      context,
      medicryptId,
      walletId,
      wallet,
      medicryptWorker: () => workerOf(context, medicryptId),
      openPopup: () => openPage('popup.html', 360),
      openOptions: () => openPage('options.html', 800),
      async configure(relayerUrl) {
        const options = await openPage('options.html', 800);
        await options.getByLabel('Relayer URL').fill(relayerUrl);
        await options.getByLabel('MetaMask extension id').fill(walletId);
        await options.getByRole('button', { name: 'Save settings' }).click();
        await options.getByText('Settings saved.').waitFor();
        return options;
      },
      openResearch: () => openPage('research.html', 1200),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Saves a screenshot of one part of a page to test/artifacts/<name>.png (git-ignored); returns its path. */
export async function screenshotOf(locator: Locator, name: string): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await locator.screenshot({ path });
  return path;
}

/** Saves a full-page screenshot to test/artifacts/<name>.png (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
