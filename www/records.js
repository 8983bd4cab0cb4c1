// CRM records (plain objects keyed by canonical field names) turned into the
// CSV the engine reads, so that records and files go through one set of
// rules and one quality report. Each kind becomes one file named
// "<kind> records"; its row N is record N - 1 (row 1 is the header).

export const RECORDS_SUFFIX = ' records';

/** A mistake in the records themselves (not in the data they hold). */
export class RecordsError extends Error {
  constructor(message, { kind = null, record = null, field = null } = {}) {
    super(message);
    this.name = 'SalesKpiRecordsError';
    Object.assign(this, { kind, record, field });
  }
}

/** The file name the records of `kind` are read as. */
export const recordsFileName = (kind) => `${kind}${RECORDS_SUFFIX}`;

/** 1-based record number of a rejected row of a records file, else null. */
export function recordOfRow(fileName, row) {
  return fileName.endsWith(RECORDS_SUFFIX) && Number.isInteger(row) && row >= 2 ? row - 1 : null;
}

const quote = (text) => `"${text.replace(/"/g, '""')}"`;

/**
 * A number written so that no reader can take its decimal point for a
 * thousands separator: integers plainly, fractions with four decimals
 * (money is exact to 1/10 000 in the engine).
 */
function numberText(value, where) {
  if (!Number.isFinite(value)) throw new RecordsError(`${where.text}: ${value} is not a number`, where);
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

function cellText(value, where) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value, where);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value.replace(/[\r\n]+/g, ' ');
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  throw new RecordsError(
    `${where.text}: a ${typeof value} is not a cell value (use a string, number, boolean or date)`,
    where,
  );
}

/**
 * records: {deals: [...], reps: [...], ...}; fields: the engine's canonical
 * fields by kind. Returns [{name, kind, text}] in the order given.
 */
export function recordsToCsv(records, fields) {
  if (!records || typeof records !== 'object' || Array.isArray(records)) {
    throw new RecordsError('records must be an object such as {deals: [...], reps: [...]}');
  }
  return Object.entries(records).map(([kind, list]) => {
    const known = fields[kind];
    if (!known)
      throw new RecordsError(`"${kind}" is not a kind of record; the kinds are ${Object.keys(fields).join(', ')}`, {
        kind,
      });
    if (!Array.isArray(list)) throw new RecordsError(`${kind} must be an array of records`, { kind });
    const used = new Set();
    list.forEach((record, index) => {
      const where = { kind, record: index + 1, text: `${kind} record ${index + 1}` };
      if (!record || typeof record !== 'object' || Array.isArray(record))
        throw new RecordsError(`${where.text} is not an object`, where);
      for (const key of Object.keys(record)) {
        if (!known.includes(key)) {
          throw new RecordsError(
            `${where.text}: "${key}" is not a field of ${kind}; the fields are ${known.join(', ')}`,
            { ...where, field: key },
          );
        }
        used.add(key);
      }
    });
    const columns = known.filter((field) => used.has(field));
    const lines = [columns.map(quote).join(',')];
    list.forEach((record, index) => {
      lines.push(
        columns
          .map((field) =>
            quote(
              cellText(record[field], {
                kind,
                record: index + 1,
                field,
                text: `${kind} record ${index + 1}, ${field}`,
              }),
            ),
          )
          .join(','),
      );
    });
    return { name: recordsFileName(kind), kind, text: `${lines.join('\n')}\n` };
  });
}
