/**
 * What every user of a real n8n here starts with: the sandbox, n8n with n8n-nodes-clarky installed from its packed
 * tarball (as users get it) and a Clarky credential pointing at the sandbox. What it starts and the folders it makes
 * are owned (lifetime.ts), so they go when the process ends, even by a signal.
 */
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { startN8n, type N8nOptions, type RunningN8n } from './harness';
import { packNodePackage, type PackedNode } from './node-package';
import type { Credential } from './public-api';
import { createSandboxCredential } from './workflows';

export interface ClarkyN8n {
  readonly sandbox: Sandbox;
  readonly n8n: RunningN8n;
  readonly credential: Credential;
  /** Stops n8n and the sandbox and removes the throwaway folder; safe to call twice. */
  stop(): Promise<void>;
}

export interface ClarkyN8nOptions extends Omit<N8nOptions, 'communityPackages'> {
  /** Starts the sandbox; one on a free port by default. */
  sandbox?: () => Promise<Sandbox>;
}

export async function startClarkyN8n(options: ClarkyN8nOptions = {}): Promise<ClarkyN8n> {
  const { sandbox: makeSandbox = () => startSandbox({ port: 0 }), ...n8nOptions } = options;
  let packed: PackedNode | undefined;
  let sandbox: Sandbox | undefined;
  let n8n: RunningN8n | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await n8n?.stop();
      await sandbox?.close();
      await packed?.remove();
    })());
  try {
    n8nOptions.log?.('Building and packing n8n-nodes-clarky...');
    packed = await packNodePackage();
    sandbox = await makeSandbox();
    n8n = await startN8n({ ...n8nOptions, communityPackages: [packed.tarball] });
    const credential = await createSandboxCredential(n8n, sandbox);
    return { sandbox, n8n, credential, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
