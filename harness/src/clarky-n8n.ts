/**
 * What every user of a real n8n here starts with: the sandbox, n8n with n8n-nodes-clarky installed from its packed
 * tarball (as users get it) and a Clarky credential pointing at the sandbox. Its throwaway folder is owned, so it
 * goes when the process ends, even by a signal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { startN8n, type N8nOptions, type RunningN8n } from './harness';
import { disown, own } from './lifetime';
import { packNodePackage } from './node-package';
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
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'clarky-n8n-'));
  own({ folder: workDir });
  let sandbox: Sandbox | undefined;
  let n8n: RunningN8n | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await n8n?.stop();
      await sandbox?.close();
      await rm(workDir, { recursive: true, force: true, maxRetries: 3 });
      disown({ folder: workDir });
    })());
  try {
    n8nOptions.log?.('Building and packing n8n-nodes-clarky...');
    const tarball = await packNodePackage(workDir);
    sandbox = await makeSandbox();
    n8n = await startN8n({ ...n8nOptions, communityPackages: [tarball] });
    const credential = await createSandboxCredential(n8n, sandbox);
    return { sandbox, n8n, credential, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
