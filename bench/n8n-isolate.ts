/**
 * Where a webhook's time goes in n8n: the Clarky Trigger beside n8n's own Webhook node and a minimal community trigger
 * (static parameters, no Clarky code), in one real n8n per setup (2.41.1 with the vm engine, the vm engine acquiring
 * isolates lazily, the legacy engine; 1.123.81).
 * n8n 2.41's default engine runs expressions in an isolated-vm isolate, and its live-webhook handler takes one for
 * every request unless the start node is its own Webhook node; these workflows show who pays for that.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CLARKY_CREDENTIAL_TYPE,
  CLARKY_NODE_TYPE,
  expressionCounts,
  type ExpressionCounts,
  WORKFLOW_SETTINGS,
  publish,
  startClarkyN8n,
  webhookNodeWorkflow,
  type RunningN8n,
  type WorkflowDefinition,
} from '@clarky/n8n-harness';
import { MINIMAL_TRIGGER_TYPE } from './minimal-trigger-package';
import { combine, inMain, load, publishClarkyTrigger, type Measured, type Row, type Target } from './n8n-load';
import { median } from './stats';

export interface Setup {
  label: string;
  version: string;
  env: Record<string, string>;
}

// Set explicitly, so an N8N_EXPRESSION_ENGINE in this shell cannot change what a column says it measured.
export const SETUPS: Setup[] = [
  { label: '2.41.1, default engine (vm)', version: '2.41.1', env: { N8N_EXPRESSION_ENGINE: 'vm' } },
  // Still the vm engine, but an isolate is built only when something is evaluated (n8n's setting, off by default).
  {
    label: '2.41.1, vm, lazy acquire',
    version: '2.41.1',
    env: { N8N_EXPRESSION_ENGINE: 'vm', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
  },
  { label: '2.41.1, legacy engine', version: '2.41.1', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
  { label: '1.123.81, default', version: '1.123.81', env: {} },
];

// Same bookkeeping for every workflow: every execution saved, no pruning pass landing in one side's round; metrics on
// for the expression pool's counters (2.41's vm engine only).
const N8N_ENV = { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all', EXECUTIONS_DATA_PRUNE: 'false', N8N_METRICS: 'true' };

export const ROW_KEYS = ['H', 'A', 'B', 'C', 'D', 'D1', 'M'] as const;
export type RowKey = (typeof ROW_KEYS)[number];
/** The table's workflows, and the minimal trigger saved as typeVersion 1 (for the profile). */
export type TargetKey = RowKey | 'M1';
export const ROW_LABELS: Record<TargetKey, string> = {
  H: 'Webhook node + Header Auth (same token)',
  A: 'A: Webhook node, no auth',
  B: 'B: A + an unconnected Clarky node (credential)',
  C: 'C: D with Verify Bearer Token off',
  D: 'D: Clarky Trigger as shipped (version 1.1)',
  D1: 'D1: D saved as version 1 (before 1.1)',
  M: 'M: minimal community trigger (no Clarky code)',
  M1: 'M1: M saved as typeVersion 1',
};

export interface SetupTargets {
  n8n: RunningN8n;
  targets: Record<TargetKey, Target & { workflowId: string }>;
  /** Every request carries D's bearer token, checked or not, so all send the same bytes. */
  headers: Record<string, string>;
  stop(): Promise<void>;
}

const uniquePath = () => `bench-${randomUUID()}`;

/** A + the Clarky node (unconnected, never run): n8n still loads and checks what the workflow holds. */
function withClarkyNode(workflow: WorkflowDefinition, credential: { id: string; name: string }): WorkflowDefinition {
  const clarky = {
    name: 'Clarky',
    type: CLARKY_NODE_TYPE,
    typeVersion: 1,
    position: [250, 0] as [number, number],
    parameters: { resource: 'agent', operation: 'getMany' },
    credentials: { [CLARKY_CREDENTIAL_TYPE]: credential },
  };
  return { ...workflow, nodes: [...workflow.nodes, clarky] };
}

function minimalTriggerWorkflow(webhookId: string, typeVersion: number): WorkflowDefinition {
  return {
    name: `bench: minimal trigger v${typeVersion}`,
    nodes: [
      {
        name: 'Minimal Trigger',
        type: MINIMAL_TRIGGER_TYPE,
        typeVersion,
        position: [0, 0],
        webhookId,
        parameters: {},
      },
    ],
    connections: {},
    settings: WORKFLOW_SETTINGS,
  };
}

/** Starts the setup's n8n with both packages and the sandbox, and publishes one workflow per row. */
export async function startSetup(
  setup: Setup,
  minimalTrigger: string,
  extraEnv: Record<string, string> = {},
): Promise<SetupTargets> {
  const clarky = await startClarkyN8n({
    version: setup.version,
    otherPackages: [minimalTrigger],
    env: { ...N8N_ENV, ...setup.env, ...extraEnv },
    log: (line) => console.log(line),
  });
  try {
    const { n8n: running, credential } = clarky;
    const published = async (label: string, definition: WorkflowDefinition, url: string) => {
      const workflow = await running.api.createWorkflow(definition);
      await publish(running, workflow.id);
      return { ...inMain(running, label, workflow.id, url), workflowId: workflow.id };
    };
    const clarkyTrigger = async (label: string, options: Record<string, unknown>, typeVersion: 1 | 1.1 = 1.1) => {
      const trigger = await publishClarkyTrigger(clarky, { label, event: 'booking.created', options, typeVersion });
      // Each trigger is sent its own token (the same length as every other: all requests send the same bytes).
      const headers = { authorization: `Bearer ${trigger.bearerToken}` };
      return { ...inMain(running, label, trigger.workflowId, trigger.url), ...trigger, headers };
    };

    const D = await clarkyTrigger(ROW_LABELS.D, {});
    const { bearerToken } = D;
    const C = await clarkyTrigger(ROW_LABELS.C, { verifyBearerToken: false });
    const D1 = await clarkyTrigger(ROW_LABELS.D1, {}, 1);

    const headerAuth = await running.api.createCredential({
      name: 'Bench bearer token',
      type: 'httpHeaderAuth',
      data: { name: 'Authorization', value: `Bearer ${bearerToken}` },
    });
    const webhook = (name: string, path: string, auth?: { id: string; name: string }) =>
      webhookNodeWorkflow({ name: `bench: ${name}`, path, webhookId: randomUUID(), headerAuth: auth });
    const hPath = uniquePath();
    const H = await published(
      ROW_LABELS.H,
      webhook('header auth', hPath, headerAuth),
      `${running.url}/webhook/${hPath}`,
    );
    const aPath = uniquePath();
    const A = await published(ROW_LABELS.A, webhook('no auth', aPath), `${running.url}/webhook/${aPath}`);
    const bPath = uniquePath();
    const B = await published(
      ROW_LABELS.B,
      withClarkyNode(webhook('no auth + Clarky node', bPath), credential),
      `${running.url}/webhook/${bPath}`,
    );
    const minimal = (key: 'M' | 'M1', typeVersion: number) => {
      const webhookId = randomUUID();
      const url = `${running.url}/webhook/${webhookId}/webhook`;
      return published(ROW_LABELS[key], minimalTriggerWorkflow(webhookId, typeVersion), url);
    };
    const [M, M1] = [await minimal('M', 2), await minimal('M1', 1)];
    return {
      n8n: running,
      targets: { H, A, B, C, D, D1, M, M1 },
      headers: { authorization: `Bearer ${bearerToken}` },
      stop: clarky.stop,
    };
  } catch (error) {
    await clarky.stop();
    throw error;
  }
}

/** CPU time n8n's main process (every thread, isolated-vm's included) has used so far, in milliseconds. */
export function cpuMilliseconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime (fields 14 and 15 of proc(5)), in USER_HZ ticks, which Linux reports at 100 a second.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** What n8n main spent: per delivery in a result, in total while counting. */
export interface Cost extends ExpressionCounts {
  /** CPU milliseconds, every thread. */
  cpuMs: number;
}

/** Starts counting what n8n main spends from now; the function returned gives what it has spent since. */
export async function costMeter(n8n: Pick<RunningN8n, 'pid' | 'url'>): Promise<() => Promise<Cost>> {
  const [cpuBefore, countsBefore] = [cpuMilliseconds(n8n.pid), await expressionCounts(n8n.url)];
  return async () => {
    const cpuMs = cpuMilliseconds(n8n.pid) - cpuBefore;
    const counts = await expressionCounts(n8n.url);
    return {
      cpuMs,
      isolates: counts.isolates - countsBefore.isolates,
      evaluations: counts.evaluations - countsBefore.evaluations,
    };
  };
}

/** A row's executions/s over A's, round by round: the rounds are interleaved, so each pair saw the same machine. */
export interface RatioToA {
  median: number;
  min: number;
  max: number;
}

export interface SetupResult {
  rows: Record<RowKey, Row & Cost & { ratioToA: RatioToA }>;
}

/**
 * Warm-up, then `rounds` interleaved rounds (each starting with the next workflow, so each takes every place in the
 * order once): executions/s until finished, and what each delivery cost n8n main (CPU, isolates, evaluations).
 */
export async function measureSetup(
  running: SetupTargets,
  body: string,
  sizes: { warmup: number; rounds: number; requests: number },
): Promise<SetupResult> {
  const { n8n, targets, headers } = running;
  const order0 = ROW_KEYS.map((key) => targets[key]);
  for (const target of order0) await load(target, headers, body, sizes.warmup);
  const measured = new Map<Target, Measured[]>(order0.map((target) => [target, []]));
  const costs = new Map<Target, Cost>(order0.map((t) => [t, { cpuMs: 0, isolates: 0, evaluations: 0 }]));
  for (let round = 0; round < sizes.rounds; round++) {
    const shift = round % order0.length;
    for (const target of [...order0.slice(shift), ...order0.slice(0, shift)]) {
      const spent = await costMeter(n8n);
      const result = await load(target, headers, body, sizes.requests);
      const [total, cost] = [costs.get(target)!, await spent()];
      total.cpuMs += cost.cpuMs;
      total.isolates += cost.isolates;
      total.evaluations += cost.evaluations;
      measured.get(target)!.push(result);
      console.log(
        `  round ${round + 1}/${sizes.rounds} ${target.label}: ${result.executionsPerSecond.toFixed(1)} executions/s`,
      );
    }
  }
  const delivered = sizes.rounds * sizes.requests;
  const aRounds = measured.get(targets.A)!;
  const rows = Object.fromEntries(
    ROW_KEYS.map((key) => {
      const target = targets[key];
      const cost = costs.get(target)!;
      const perDelivery = {
        cpuMs: cost.cpuMs / delivered,
        isolates: cost.isolates / delivered,
        evaluations: cost.evaluations / delivered,
      };
      const rounds = measured.get(target)!;
      const ratios = rounds.map((round, i) => round.executionsPerSecond / aRounds[i]!.executionsPerSecond);
      const ratioToA = { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
      return [key, { ...combine(rounds), ...perDelivery, ratioToA }];
    }),
  ) as SetupResult['rows'];
  return { rows };
}

const cell = (text: string, width: number) => text.padStart(width);

/** `0.98x, 0.93-1.04`: the median of the rounds' ratios, then the lowest and highest. */
export const formatRatio = ({ median: middle, min, max }: RatioToA) =>
  `${middle.toFixed(2)}x, ${min.toFixed(2)}-${max.toFixed(2)}`;

/**
 * Whether n8n charged the Clarky Trigger (D) what it charged its own Webhook node (A): the same isolates per delivery,
 * or none counted for either (the legacy engine, 1.x). Only there does D's ratio to A measure our own code.
 */
export const chargedAlike = ({ rows }: SetupResult) =>
  Math.round(rows.A.isolates) === Math.round(rows.D.isolates) ||
  (Number.isNaN(rows.A.isolates) && Number.isNaN(rows.D.isolates));

/** The table: one column per setup, executions/s and the ratio to A; then what a delivery cost n8n main. */
export function formatTable(results: Array<[Setup, SetupResult, string]>): string {
  const width = 30;
  const labelWidth = 48;
  const header = `  ${'workflow'.padEnd(labelWidth)}${results.map(([setup]) => cell(setup.label, width)).join('')}`;
  const lines = [header];
  for (const key of ROW_KEYS) {
    const cells = results.map(([, { rows }]) => {
      const { executionsPerSecond, ratioToA } = rows[key];
      return cell(`${executionsPerSecond.toFixed(1)} (${formatRatio(ratioToA)})`, width);
    });
    lines.push(`  ${ROW_LABELS[key].padEnd(labelWidth)}${cells.join('')}`);
  }
  lines.push('', '  Per delivery, n8n main: CPU ms (every thread) / isolates acquired / expressions evaluated in one:');
  for (const key of ROW_KEYS) {
    const cells = results.map(([, { rows }]) => {
      const row = rows[key];
      const count = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(2));
      return cell(`${row.cpuMs.toFixed(1)} ms / ${count(row.isolates)} / ${count(row.evaluations)}`, width);
    });
    lines.push(`  ${ROW_LABELS[key].padEnd(labelWidth)}${cells.join('')}`);
  }
  lines.push(
    `  ${'load average (1 min) after the setup'.padEnd(labelWidth)}${results.map(([, , load]) => cell(load, width)).join('')}`,
  );
  return lines.join('\n');
}
