/** Small helpers shared by the benchmarks: percentiles and table printing. @module */

/** The p-th percentile (0-100) of `values` (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Prints rows as an aligned text table. */
export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) {
    return;
  }
  const cols = Object.keys(rows[0] ?? {});
  const fmt = (v: string | number) =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v;
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => fmt(r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(`${line(cols)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) {
    process.stdout.write(`${line(cols.map((c) => fmt(r[c] ?? '')))}\n`);
  }
}

/** Prints the machine-readable result line. */
export function printResult(name: string, values: Record<string, string | number | boolean>): void {
  const parts = Object.entries(values).map(
    ([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : v}`,
  );
  process.stdout.write(`RESULT ${name} ${parts.join(' ')}\n`);
}
