/**
 * What every user of a real n8n here starts with: the sandbox, n8n with n8n-nodes-clarky installed from its packed
 * tarball (as users get it) and a Clarky credential pointing at the sandbox; a single n8n or one in queue mode. What
 * it starts and the folders it makes are owned (lifetime.ts), so they go when the process ends, even by a signal.
 */
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { startN8n, type N8nOptions, type RunningN8n } from './start-n8n';
import { packNodePackage, type PackedNode } from './node-package';
import type { Credential } from './public-api';
import { startQueueModeN8n, type QueueModeN8n, type QueueServices } from './queue-mode';
import { createSandboxCredential } from './workflows';

export interface ClarkyN8n<N = RunningN8n> {
  readonly sandbox: Sandbox;
  readonly n8n: N;
  readonly credential: Credential;
  /** Stops n8n and the sandbox and removes the throwaway folder; safe to call twice. */
  stop(): Promise<void>;
}

interface SandboxOption {
  /** Starts the sandbox; one on a free port by default. */
  sandbox?: () => Promise<Sandbox>;
}
export type ClarkyN8nOptions = Omit<N8nOptions, 'communityPackages'> &
  SandboxOption & {
    /** Other community packages' tarballs, installed beside n8n-nodes-clarky (a benchmark's minimal trigger). */
    otherPackages?: string[];
  };
export interface ClarkyQueueModeOptions extends SandboxOption {
  services: QueueServices;
  workers?: number;
  log?: (line: string) => void;
}

export const startClarkyN8n = ({ otherPackages = [], ...options }: ClarkyN8nOptions = {}): Promise<ClarkyN8n> =>
  startWithClarky(
    options,
    (n8nOptions, tarball) => startN8n({ ...n8nOptions, communityPackages: [tarball, ...otherPackages] }),
    (n8n) => n8n,
  );

/** The same in queue mode (queue-mode.ts): the credential is made through the main process. */
export const startClarkyQueueModeN8n = (options: ClarkyQueueModeOptions): Promise<ClarkyN8n<QueueModeN8n>> =>
  startWithClarky(
    options,
    (n8nOptions, tarball) => startQueueModeN8n({ ...n8nOptions, communityPackages: [tarball] }),
    (n8n) => n8n.main,
  );

async function startWithClarky<
  O extends SandboxOption & { log?: (line: string) => void },
  N extends { stop(): Promise<void> },
>(
  options: O,
  start: (n8nOptions: Omit<O, 'sandbox'>, tarball: string) => Promise<N>,
  mainOf: (n8n: N) => RunningN8n,
): Promise<ClarkyN8n<N>> {
  const { sandbox: makeSandbox = () => startSandbox({ port: 0 }), ...n8nOptions } = options;
  let packed: PackedNode | undefined;
  let sandbox: Sandbox | undefined;
  let n8n: N | undefined;
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
    n8n = await start(n8nOptions, packed.tarball);
    const credential = await createSandboxCredential(mainOf(n8n), sandbox);
    return { sandbox, n8n, credential, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
