/**
 * A CPU profile of a running Node process through its inspector (started with `--inspect=host:port`): the DevTools
 * protocol's Profiler over Node's global WebSocket, and a summary of where the samples fell.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  samples: number[];
  /** Microseconds since the previous sample. */
  timeDeltas: number[];
}

export interface Profiler {
  start(): Promise<void>;
  stop(): Promise<CpuProfile>;
  close(): void;
}

/** Connects to the inspector listening on `port` (the process's first target). */
export async function connectProfiler(port: number): Promise<Profiler> {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  if (!target) throw new Error(`No inspector target on port ${port}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let nextId = 1;
  const pending = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) pending.get(message.id)?.(message);
  });
  const call = <T>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (message) => {
        pending.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result as T);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  await call('Profiler.enable');
  // 1 ms between samples: enough resolution for frames costing a few ms a request, little overhead.
  await call('Profiler.setSamplingInterval', { interval: 1000 });
  return {
    start: () => call('Profiler.start'),
    stop: async () => (await call<{ profile: CpuProfile }>('Profiler.stop')).profile,
    close: () => socket.close(),
  };
}

const frameName = ({ functionName, url, lineNumber }: CallFrame) => {
  // node_modules/<package>/.../file.js, or the last two path segments: enough to find the frame in n8n's install.
  const place = url.includes('node_modules/')
    ? url.slice(url.lastIndexOf('node_modules/') + 'node_modules/'.length)
    : url.split('/').slice(-2).join('/');
  return `${functionName || '(anonymous)'}${place ? ` ${place}:${lineNumber + 1}` : ''}`;
};

export interface FrameTime {
  frame: string;
  /** Milliseconds per request. */
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled milliseconds per request on the profiled (main JavaScript) thread, idle excluded. */
  busyMs: number;
  /** Where the samples fell, by frame itself. */
  self: FrameTime[];
  /** Frames counted with everything they called, for frames whose name matches `inclusiveOf`. */
  inclusive: FrameTime[];
}

/** Self time per frame, and inclusive time of the frames `inclusiveOf` picks, per request. */
export function summarise(
  profile: CpuProfile,
  requests: number,
  inclusiveOf: (frame: string) => boolean,
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const name = frameName(byId.get(id)!.callFrame);
    if (name.startsWith('(idle)')) return;
    busy += micros;
    self.set(name, (self.get(name) ?? 0) + micros);
    // Each frame once per sample, however deep the recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = frameName(byId.get(at)!.callFrame);
      if (inclusiveOf(frame) && !seen.has(frame)) {
        seen.add(frame);
        inclusive.set(frame, (inclusive.get(frame) ?? 0) + micros);
      }
    }
  });
  const ranked = (times: Map<string, number>) =>
    [...times]
      .map(([frame, micros]) => ({ frame, ms: micros / 1000 / requests, share: micros / busy }))
      .sort((a, b) => b.ms - a.ms);
  return { busyMs: busy / 1000 / requests, self: ranked(self), inclusive: ranked(inclusive) };
}
