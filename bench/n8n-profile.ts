/**
 * Where n8n 2.41.1's main process spends a delivery, on the default (vm) expression engine: a CPU profile taken
 * through the inspector while only one workflow gets load, for n8n's Webhook node (A), the Clarky Trigger as shipped
 * (D) and a minimal community trigger with no Clarky code (M, and M1: the same saved as typeVersion 1). Prints, per
 * delivery, n8n main's CPU (every thread), the isolates it acquired and expressions it evaluated, the sampled time of
 * its JavaScript thread, the frames with the most self time, and the time spent in and under the
 * expression engine's frames; writes each profile as a .cpuprofile (open it in Chrome DevTools > Performance).
 * Run: `npx tsx bench/n8n-profile.ts [requests]` (about 5 minutes on 2 cores; not part of `npm run bench`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { samplePayload } from '@clarky/core';
import { freePort } from '@clarky/n8n-harness';
import { connectProfiler, summarise, type FrameTime } from './cpu-profile';
import { costMeter, ROW_LABELS, SETUPS, startSetup, type TargetKey } from './n8n-isolate';
import { packMinimalTrigger } from './minimal-trigger-package';
import { load } from './n8n-load';

const REQUESTS = Number(process.argv[2] ?? 400);
const WARMUP_REQUESTS = 40;
const PROFILED: TargetKey[] = ['A', 'D', 'M', 'M1'];

// The expression engine's own code, and n8n's frames that take and give back an isolate.
const engineFrame = (frame: string) =>
  /@n8n\/expression-runtime|isolated-vm|acquireIsolate|releaseIsolate|withIsolate/.test(frame);

function printFrames(title: string, frames: readonly FrameTime[]) {
  console.log(`  ${title}:`);
  for (const { frame, ms, share } of frames) {
    console.log(`    ${ms.toFixed(2).padStart(6)} ms ${(100 * share).toFixed(1).padStart(5)}%  ${frame}`);
  }
}

async function main() {
  const body = JSON.stringify(samplePayload('booking.created'));
  const outDir = path.join(os.tmpdir(), `clarky-n8n-profiles-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  const minimalTrigger = await packMinimalTrigger();
  const inspectPort = await freePort();
  // NODE_OPTIONS reaches n8n's task runners too: their inspector finds the port taken, says so and runs on.
  const running = await startSetup(SETUPS[0]!, minimalTrigger.tarball, {
    NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}`,
  });
  const profiler = await connectProfiler(inspectPort);
  try {
    for (const key of PROFILED) {
      const target = running.targets[key];
      await load(target, running.headers, body, WARMUP_REQUESTS);
      const [spent, loadBefore] = [await costMeter(running.n8n), os.loadavg()[0]!];
      await profiler.start();
      const result = await load(target, running.headers, body, REQUESTS);
      const profile = await profiler.stop();
      const cost = await spent();
      const perDelivery = (total: number) => (total / REQUESTS).toFixed(2);
      const file = path.join(outDir, `${key}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      const summary = summarise(profile, REQUESTS, engineFrame);
      console.log(
        `\n${ROW_LABELS[key]}: ${REQUESTS} deliveries, ${result.executionsPerSecond.toFixed(1)} executions/s, load ` +
          `average ${loadBefore.toFixed(2)} -> ${os.loadavg()[0]!.toFixed(2)} (${file})`,
      );
      console.log(
        `  per delivery: n8n main CPU ${(cost.cpuMs / REQUESTS).toFixed(1)} ms (every thread), JavaScript thread ` +
          `busy ${summary.busyMs.toFixed(1)} ms (sampled); ${perDelivery(cost.isolates)} isolates acquired, ` +
          `${perDelivery(cost.evaluations)} expressions evaluated`,
      );
      printFrames('top self time (ms per delivery, share of the busy samples)', summary.self.slice(0, 12));
      printFrames('expression engine, inclusive (the frame and all it called)', summary.inclusive.slice(0, 8));
    }
  } finally {
    profiler.close();
    await running.stop();
    await minimalTrigger.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
