// Intake: the checks a signed intent passes, in order, before it is stored and acknowledged. Each check has its
// own error code: shape, domain, deadline, signature, rate, replay, authority, simulation, budget.
import {
  type AnyIntentMessage,
  createIntentHasher,
  decodeIntent,
  type IntentObject,
  intentObject,
  MalformedIntentError,
  type SignedIntent,
} from '@medicrypt/contracts';
import { type Address, bytesToHex, type Hex } from 'viem';
import { z } from 'zod';
import type { ChainClient } from '../chain/chain-client.ts';
import { readObjectNonce } from '../chain/object-nonce.ts';
import { keccak256Bytes, toChecksumAddress } from '../crypto/native-keccak.ts';
import type { IntentRow } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import type { IntentStore } from '../queue/intent-store.ts';
import type { IntentWriter } from '../queue/intent-writer.ts';
import type { IntakeReads } from './intake-reads.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { BadSignatureError, recoverSigner } from './recover-signer.ts';
import type { SignerAuthority } from './signer-authority.ts';
import type { SimulationBatcher } from './simulate-intents.ts';

const hex = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'hex bytes with a 0x prefix');

/** POST /v1/intents body. The domain is named explicitly so an intent for another chain is told apart. */
export const intentSubmissionSchema = z.strictObject({
  chainId: z.number().int().positive(),
  forwarder: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address'),
  data: hex.max(2 + 2 * 4096, 'at most 4 KiB of calldata'),
  signature: hex.max(2 + 2 * 2048, 'at most 2 KiB of signature'),
});
export type IntentSubmission = z.infer<typeof intentSubmissionSchema>;

export interface IntakeOptions {
  chain: ChainClient;
  store: IntentStore;
  /** Stores accepted intents (group commit); without it, each is stored on its own. */
  writer?: IntentWriter;
  /** Coalesced reads (one query per window); without it, each intent reads on its own. */
  reads?: IntakeReads;
  simulator: SimulationBatcher;
  authority: SignerAuthority;
  signerLimiter: RateLimiter;
  /** Most gas one intent may use in simulation. */
  intentGasCap: number;
  /** Gas one signer may commit per UTC day. */
  dailyGasBudget: number;
  /** An intent must leave at least this many seconds before its deadline. */
  minDeadlineMarginSeconds?: number;
  clock?: () => number;
}

export interface IntakeResult {
  intent: IntentRow;
  created: boolean;
}

const DEFAULT_DEADLINE_MARGIN_S = 15;

/** Registry errors a simulation can hit, as the API names them. */
const simulationCodes: Record<string, { code: string; status: number }> = {
  StaleNonce: { code: 'STALE_NONCE', status: 409 },
  RecordExists: { code: 'RECORD_EXISTS', status: 409 },
  IntentExpired: { code: 'INTENT_EXPIRED', status: 400 },
  MissingCredential: { code: 'MISSING_CREDENTIAL', status: 403 },
  NotPatientOrDelegate: { code: 'NOT_PATIENT_OR_DELEGATE', status: 403 },
  NotIssuer: { code: 'NOT_ISSUER', status: 403 },
  StudyExists: { code: 'STUDY_EXISTS', status: 409 },
  UnknownStudy: { code: 'UNKNOWN_STUDY', status: 404 },
  StudyEnded: { code: 'STUDY_ENDED', status: 409 },
};

export class IntentIntake {
  private readonly hash: ReturnType<typeof createIntentHasher>;
  private readonly clock: () => number;
  private readonly reads: Pick<IntakeReads, 'findByDigest' | 'live' | 'gasUsedToday'>;

  constructor(private readonly options: IntakeOptions) {
    this.reads = options.reads ?? options.store;
    this.hash = createIntentHasher(
      { chainId: options.chain.deployment.chainId, forwarder: options.chain.forwarder },
      { keccak256: keccak256Bytes },
    );
    this.clock = options.clock ?? Date.now;
  }

  async accept(submission: IntentSubmission, clientIp?: string): Promise<IntakeResult> {
    try {
      return await this.check(submission, clientIp);
    } catch (error) {
      if (error instanceof RelayerError) throw error;
      // Anything else comes from the chain or the database being unreachable or slow: retryable, nothing stored.
      throw new RelayerError(
        'UNAVAILABLE',
        503,
        'the relayer cannot check this intent right now (chain or database unreachable); retry',
        { cause: error },
      );
    }
  }

  private async check(submission: IntentSubmission, clientIp?: string): Promise<IntakeResult> {
    const { chain, store } = this.options;
    // Domain.
    if (submission.chainId !== chain.deployment.chainId) {
      throw new RelayerError(
        'WRONG_CHAIN',
        400,
        `this relayer serves chain ${chain.deployment.chainId}, not ${submission.chainId}`,
      );
    }
    if (submission.forwarder.toLowerCase() !== chain.forwarder.toLowerCase()) {
      throw new RelayerError(
        'WRONG_CONTRACT',
        400,
        `intents must be signed for the forwarder ${chain.forwarder}`,
      );
    }
    const { digest, intent } = this.decode(submission.data as Hex);
    const digestHex = bytesToHex(digest);

    const actor = toChecksumAddress(intent.message.actor);
    const object = intentObject(intent);
    // The three reads intake needs go out together, each folded into its kind's next query (see IntakeReads): one
    // wait instead of three in a row, so more requests share each query. The checks below use them in order.
    const [known, live, usedToday] = await Promise.all([
      this.reads.findByDigest(digestHex),
      this.reads.live([object.key, ...object.dependsOn]),
      this.reads.gasUsedToday(actor),
    ]);

    // Idempotency: the same signed intent returns what it became, even after its deadline.
    if (known) {
      if (known.signature !== submission.signature.toLowerCase()) {
        throw new RelayerError(
          'DUPLICATE_INTENT',
          409,
          'this intent was already submitted with another signature',
          { details: { id: known.id } },
        );
      }
      return { intent: known, created: false };
    }

    this.checkDeadline(Number(intent.message.deadline));
    await this.checkSignature(actor, digest, submission.signature as Hex);
    if (!this.options.signerLimiter.take(actor)) {
      const retryAfterSeconds = Math.ceil(this.options.signerLimiter.retryAfterMs(actor) / 1000);
      throw new RelayerError(
        'RATE_LIMITED',
        429,
        `too many intents from ${actor}; retry in ${retryAfterSeconds} s`,
        {
          retryAfterSeconds,
        },
      );
    }
    await this.checkReplay(intent, object, live);
    await this.checkAuthority(intent, object, actor, live);
    const gasEstimate = await this.simulate(submission, object, live);
    this.checkBudget(actor, usedToday, gasEstimate);

    const writer = this.options.writer ?? store;
    return writer.insert({
      digest: digestHex,
      actor,
      name: intent.name,
      data: submission.data.toLowerCase(),
      signature: submission.signature.toLowerCase(),
      objectKey: object.key,
      objectNonce: object.nonce,
      dependsOn: object.dependsOn,
      deadline: Number(intent.message.deadline),
      gasEstimate,
      receivedIp: clientIp,
    });
  }

  private decode(data: Hex): { digest: Uint8Array; intent: AnyIntentMessage } {
    try {
      const { digest } = this.hash(data);
      return { digest, intent: decodeIntent(data, { checksumAddresses: false }) };
    } catch (error) {
      const message =
        error instanceof MalformedIntentError ? error.message : 'calldata is not a valid intent';
      throw new RelayerError('MALFORMED_INTENT', 400, message, { cause: error });
    }
  }

  private checkDeadline(deadline: number): void {
    const now = Math.floor(this.clock() / 1000);
    if (deadline <= now)
      throw new RelayerError('INTENT_EXPIRED', 400, `the intent's deadline ${deadline} has passed`);
    const margin = this.options.minDeadlineMarginSeconds ?? DEFAULT_DEADLINE_MARGIN_S;
    if (deadline < now + margin) {
      throw new RelayerError(
        'DEADLINE_TOO_SOON',
        400,
        `the deadline must be at least ${margin} s away to leave time to mine it`,
      );
    }
  }

  private async checkSignature(actor: Address, digest: Uint8Array, signature: Hex): Promise<void> {
    try {
      if ((await recoverSigner(digest, signature)) === actor) return;
    } catch (error) {
      if (!(error instanceof BadSignatureError)) throw error;
    }
    if (await this.options.authority.walletAccepts(actor, digest, signature)) return;
    throw new RelayerError('INVALID_SIGNATURE', 401, `the signature is not ${actor}'s over this intent`);
  }

  private async checkReplay(
    intent: AnyIntentMessage,
    object: IntentObject,
    live: IntentRow[],
  ): Promise<void> {
    if (object.nonce === null) return;
    const current = await readObjectNonce(this.options.chain, intent);
    if (current === null) return;
    if (object.nonce < current) {
      throw new RelayerError(
        'STALE_NONCE',
        409,
        `nonce ${object.nonce} of ${object.key} was already used (current ${current}): a replay or an outdated intent`,
      );
    }
    const pending = live.filter(
      (row) => row.object_key === object.key && row.object_nonce !== null && row.object_nonce >= current,
    );
    if (pending.some((row) => row.object_nonce === object.nonce)) {
      throw new RelayerError(
        'NONCE_CONFLICT',
        409,
        `another pending intent already uses nonce ${object.nonce} of ${object.key}`,
      );
    }
    const next = current + pending.length;
    if (object.nonce > next) {
      throw new RelayerError(
        'NONCE_TOO_HIGH',
        409,
        `nonce ${object.nonce} of ${object.key} skips ahead: the next is ${next}`,
      );
    }
  }

  private async checkAuthority(
    intent: AnyIntentMessage,
    object: IntentObject,
    actor: Address,
    live: IntentRow[],
  ): Promise<void> {
    const { authority } = this.options;
    const pendingOn = (key: string, names: string[]) =>
      live.some((row) => row.object_key === key && names.includes(row.name));
    switch (intent.name) {
      case 'requestAccess':
      case 'openBreakGlass':
        if (!(await authority.isDoctor(actor)) && !pendingOn(object.dependsOn[0]!, ['issueCredential'])) {
          throw new RelayerError('MISSING_CREDENTIAL', 403, `${actor} holds no valid doctor credential`);
        }
        return;
      case 'registerStudy':
        if (!(await authority.isResearcher(actor)) && !pendingOn(object.dependsOn[0]!, ['issueCredential'])) {
          throw new RelayerError('MISSING_CREDENTIAL', 403, `${actor} holds no valid researcher credential`);
        }
        return;
      case 'issueCredential':
      case 'revokeCredential':
        if (!(await authority.isIssuer(actor)))
          throw new RelayerError('NOT_ISSUER', 403, `${actor} does not hold the issuer role`);
        return;
      case 'appointDelegate':
      case 'revokeDelegate':
        if (actor !== toChecksumAddress(intent.message.patient)) {
          throw new RelayerError(
            'NOT_PATIENT_OR_DELEGATE',
            403,
            'only the patient appoints or revokes delegates',
          );
        }
        return;
      default: {
        const patient = toChecksumAddress(intent.message.patient);
        if (actor === patient) return;
        const delegation = object.dependsOn.find((key) => key.startsWith('delegation:'))!;
        if (!(await authority.isDelegate(patient, actor)) && !pendingOn(delegation, ['appointDelegate'])) {
          throw new RelayerError('NOT_PATIENT_OR_DELEGATE', 403, `${actor} may not act for ${patient}`);
        }
      }
    }
  }

  /** Simulates the intent after the pending intents it depends on; returns the gas it used. */
  private async simulate(
    submission: IntentSubmission,
    object: IntentObject,
    live: IntentRow[],
  ): Promise<bigint> {
    const predecessors: SignedIntent[] = live
      .filter(
        (row) =>
          row.object_key !== object.key || object.nonce === null || (row.object_nonce ?? -1) < object.nonce,
      )
      .map((row) => ({ data: row.data as Hex, signature: row.signature as Hex }));
    let outcome: Awaited<ReturnType<SimulationBatcher['simulate']>>;
    try {
      outcome = await this.options.simulator.simulate({
        predecessors,
        intent: { data: submission.data as Hex, signature: submission.signature as Hex },
      });
    } catch (error) {
      throw new RelayerError(
        'RPC_UNAVAILABLE',
        503,
        'the chain could not be reached to simulate the intent; retry',
        { cause: error },
      );
    }
    if (!outcome.ok) {
      const known = simulationCodes[outcome.error];
      const args = outcome.args.map((arg) => (typeof arg === 'bigint' ? arg.toString() : arg));
      throw new RelayerError(
        known?.code ?? 'SIMULATION_FAILED',
        known?.status ?? 422,
        `the intent would fail on-chain: ${outcome.error}`,
        {
          details: { error: outcome.error, args },
        },
      );
    }
    if (outcome.gasUsed > BigInt(this.options.intentGasCap)) {
      throw new RelayerError(
        'GAS_CAP_EXCEEDED',
        422,
        `the intent needs ${outcome.gasUsed} gas, over the cap of ${this.options.intentGasCap}`,
      );
    }
    return outcome.gasUsed;
  }

  private checkBudget(actor: Address, used: bigint, gasEstimate: bigint): void {
    if (used + gasEstimate > BigInt(this.options.dailyGasBudget)) {
      throw new RelayerError(
        'DAILY_BUDGET_EXCEEDED',
        429,
        `${actor} has used ${used} of its ${this.options.dailyGasBudget} gas for today`,
      );
    }
  }
}
