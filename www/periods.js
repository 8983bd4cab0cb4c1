// The period labels of the report's dimensions (2024, 2024-Q3, FY2025-Q1) as dates.

/**
 * [from, to] of a period label: from the report's dimensions when it lists
 * the label (fiscal periods follow the configured start month there), else
 * a calendar year or quarter; [null, null] for anything else.
 */
export function periodBounds(label, dimensions = null) {
  const known = dimensions?.period_bounds?.find((p) => p.label === label);
  if (known) return [known.from, known.to];
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) {
    const [y, q] = [Number(quarter[1]), Number(quarter[2])];
    const end = new Date(Date.UTC(y, q * 3, 0)).toISOString().slice(0, 10);
    return [`${y}-${String(q * 3 - 2).padStart(2, '0')}-01`, end];
  }
  const year = /^(\d{4})$/.exec(label);
  return year ? [`${year[1]}-01-01`, `${year[1]}-12-31`] : [null, null];
}
