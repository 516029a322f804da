// The remote signer backend the config names, connected (its address read, its credentials checked), or
// undefined for the local signer.
import type { RelayerConfig } from '../config.ts';
import { createDefenderSigner } from './remote/defender-signer.ts';
import { createOpenZeppelinRelayerSigner } from './remote/openzeppelin-relayer-signer.ts';
import type { RemoteSigner } from './signer-backend.ts';

export async function remoteSignerFromConfig(
  backend: RelayerConfig['signers']['backend'],
): Promise<RemoteSigner | undefined> {
  switch (backend.kind) {
    case 'openzeppelin-relayer':
      return createOpenZeppelinRelayerSigner(backend);
    case 'defender':
      return createDefenderSigner(backend);
    case 'local':
      return undefined;
  }
}
