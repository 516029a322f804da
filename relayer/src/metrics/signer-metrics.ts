// The signer keys' figures in /metrics: balance and its alarm, runway, nonces (chain and relayer), gaps, the
// oldest unmined transaction, and whether the key is active. Read through the signer monitor, whose reading a
// scrape reuses for a few seconds so the chain is not asked on every scrape.
import { Gauge, type Registry } from 'prom-client';
import type { SignerMonitor } from '../operator/signer-monitor.ts';

/** A signer reading younger than this is reused by a scrape (the chain is not asked again). */
const SIGNER_MAX_AGE_MS = 5_000;

export function registerSignerMetrics(registers: Registry[], monitor: SignerMonitor, prefix: string): void {
  const signers = () => monitor.snapshot(SIGNER_MAX_AGE_MS);
  new Gauge({
    name: `${prefix}signer_balance_wei`,
    help: 'Balance of each signer key, in wei',
    labelNames: ['signer'],
    registers,
    async collect() {
      this.reset();
      for (const signer of await signers())
        if (signer.balanceWei !== null) this.set({ signer: signer.address }, Number(signer.balanceWei));
    },
  });
  new Gauge({
    name: `${prefix}signer_balance_low`,
    help: '1 when a signer key holds less than MIN_SIGNER_BALANCE_WEI',
    labelNames: ['signer'],
    registers,
    async collect() {
      this.reset();
      for (const signer of await signers()) this.set({ signer: signer.address }, signer.lowBalance ? 1 : 0);
    },
  });
  new Gauge({
    name: `${prefix}signer_runway_seconds`,
    help: 'Seconds until a signer’s balance runs out at the last hour’s spend rate (absent while nothing is spent)',
    labelNames: ['signer'],
    registers,
    async collect() {
      this.reset();
      for (const signer of await signers())
        if (signer.runwaySeconds !== null) this.set({ signer: signer.address }, signer.runwaySeconds);
    },
  });
  new Gauge({
    name: `${prefix}signer_nonce`,
    help: 'A signer’s nonce as the chain sees it (chain_latest, chain_pending) and as the relayer leases it (relayer_next)',
    labelNames: ['signer', 'source'],
    registers,
    async collect() {
      this.reset();
      for (const signer of await signers()) {
        if (signer.chainNonce) {
          this.set({ signer: signer.address, source: 'chain_latest' }, signer.chainNonce.latest);
          this.set({ signer: signer.address, source: 'chain_pending' }, signer.chainNonce.pending);
        }
        if (signer.relayerNextNonce !== null)
          this.set({ signer: signer.address, source: 'relayer_next' }, Number(signer.relayerNextNonce));
      }
    },
  });
  new Gauge({
    name: `${prefix}signer_nonce_gap`,
    help: 'Nonces a signer leased that no transaction of the relayer takes (later transactions wait behind them)',
    labelNames: ['signer'],
    registers,
    async collect() {
      this.reset();
      for (const signer of await signers()) this.set({ signer: signer.address }, signer.missingNonces.length);
    },
  });
  new Gauge({
    name: `${prefix}signer_oldest_pending_seconds`,
    help: 'Age of a signer’s oldest transaction not yet mined (0 when none)',
    labelNames: ['signer'],
    registers,
    async collect() {
      this.reset();
      for (const signer of await signers())
        this.set({ signer: signer.address }, signer.oldestPendingSeconds ?? 0);
    },
  });
  new Gauge({
    name: `${prefix}signer_active`,
    help: '1 when a signer key takes new batches, 0 when retired',
    labelNames: ['signer'],
    registers,
    async collect() {
      this.reset();
      for (const signer of await signers())
        this.set({ signer: signer.address }, signer.status === 'active' ? 1 : 0);
    },
  });
}
