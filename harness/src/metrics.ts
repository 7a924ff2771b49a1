/**
 * n8n's expression-engine counters from its Prometheus endpoint (`/metrics`, with N8N_METRICS=true): exact counts of
 * what n8n did per webhook request, where timings on a shared machine are not.
 */

export interface ExpressionCounts {
  /** Isolates taken from the expression pool (2.41's vm engine). */
  isolates: number;
  /** Expressions evaluated (both lines). */
  evaluations: number;
}

/** The counters so far, summed over their labels; NaN for one this n8n does not report. */
export async function expressionCounts(n8nUrl: string): Promise<ExpressionCounts> {
  const metrics = await (await fetch(`${n8nUrl}/metrics`)).text();
  const sum = (name: string) => {
    const values = [...metrics.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
    return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0);
  };
  return {
    isolates: sum('n8n_expression_pool_acquired_total'),
    evaluations: sum('n8n_expression_evaluation_duration_seconds_count'),
  };
}
