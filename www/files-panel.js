// The data panel: each file's kind, dialect, encoding and mapping (editable),
// and the quality report with rejected and incomplete rows.
import { el, clear, tableCard } from './dom.js';
import { t, formatNumber } from './i18n.js';

const KINDS = ['deals', 'accounts', 'reps', 'products', 'activities', 'stage_history', 'targets', 'leads', 'unknown'];

function mappingEditor(app, file, fields) {
  const headers = [...new Set([...Object.values(file.mapping), ...file.unmapped_columns])];
  return el(
    'div',
    { class: 'mapping' },
    (fields[file.kind] || []).map((field) => {
      const select = el(
        'select',
        { 'data-field': field, onchange: (e) => app.setMapping(file.name, field, e.target.value) },
        el('option', { value: '', text: t('file.none') }),
        headers.map((h) => el('option', { value: h, text: h, selected: file.mapping[field] === h })),
      );
      return el('label', {}, el('span', { text: field }), select);
    }),
  );
}

function fileCard(app, file, fields) {
  const kindSelect = el(
    'select',
    { 'data-kind-of': file.name, onchange: (e) => app.setKind(file.name, e.target.value) },
    KINDS.map((k) => el('option', { value: k, text: k, selected: k === file.kind })),
  );
  return el(
    'section',
    { class: 'file-card', 'data-file': file.name },
    el(
      'div',
      { class: 'card-head' },
      el('h3', { text: file.name }),
      el('button', {
        type: 'button',
        class: 'ghost small',
        text: t('file.remove'),
        onclick: () => app.removeFile(file.name),
      }),
    ),
    el(
      'div',
      { class: 'file-meta' },
      el('label', {}, `${t('file.kind')}: `, kindSelect),
      el('span', { 'data-delimiter': file.delimiter, text: `${t('file.delimiter')}: ${file.delimiter}` }),
      el('span', { 'data-encoding': file.encoding, text: `${t('file.encoding')}: ${file.encoding}` }),
      el('span', {
        'data-rows': `${file.rows_read}/${file.rows_used}/${file.rows_rejected}/${file.rows_skipped}`,
        text: `${t('file.rows')}: ${formatNumber(file.rows_read)} ${t('file.read')} · ${formatNumber(file.rows_used)} ${t('file.used')} · ${formatNumber(file.rows_rejected)} ${t('file.rejected')} · ${formatNumber(file.rows_skipped)} ${t('file.skipped')} · ${formatNumber(file.rows_flagged)} ${t('file.flagged')}`,
      }),
    ),
    el('p', { class: 'muted', text: t('file.mapping') }),
    mappingEditor(app, file, fields),
    file.unmapped_columns.length
      ? el('p', { class: 'muted', text: `${t('file.unmapped')}: ${file.unmapped_columns.join(', ')}` })
      : null,
    file.warnings.length
      ? el(
          'ul',
          {},
          file.warnings.map((w) => el('li', { text: w })),
        )
      : null,
  );
}

export function renderFiles(app, report, fields) {
  const box = clear(document.getElementById('files'));
  report.quality.files.forEach((file) => box.append(fileCard(app, file, fields)));
  document.getElementById('files-summary').textContent =
    `(${report.quality.files.map((f) => `${f.name}: ${f.kind}`).join(', ')})`;
}

export function renderQuality(report) {
  const box = clear(document.getElementById('quality'));
  const q = report.quality;
  const rows = (key) => q.files.flatMap((f) => f[key].map((r) => ({ file: f.name, ...r })));
  const columns = [
    { key: 'file', label: t('quality.file') },
    { key: 'row', label: t('quality.row'), num: true },
    { key: 'column', label: t('quality.column') },
    { key: 'reason', label: t('quality.reason') },
  ];
  box.append(
    el('h3', { text: t('quality.title') }),
    el(
      'div',
      { class: 'grid' },
      tableCard(
        `${t('quality.rejected')} (${q.files.reduce((n, f) => n + f.rows_rejected, 0)})`,
        columns,
        rows('rejected'),
        { id: 'rejected-rows' },
      ),
      tableCard(
        `${t('quality.flagged')} (${q.files.reduce((n, f) => n + f.rows_flagged, 0)})`,
        columns,
        rows('flagged'),
        { id: 'flagged-rows' },
      ),
    ),
  );
  const reasons = q.files.flatMap((f) =>
    Object.entries(f.flagged_by_reason).map(([reason, count]) => `${f.name}: ${formatNumber(count)} × ${reason}`),
  );
  if (reasons.length)
    box.append(
      el(
        'ul',
        { id: 'flagged-summary' },
        reasons.map((r) => el('li', { text: r })),
      ),
    );
  const notes = [
    ...q.warnings,
    ...q.orphans.map(
      (o) => `${t('quality.orphans')}: ${o.file}.${o.column} → ${o.refers_to}: ${o.names.join(', ')} (${o.rows})`,
    ),
  ];
  if (notes.length)
    box.append(
      el('h4', { text: t('quality.warnings') }),
      el(
        'ul',
        { id: 'quality-warnings' },
        notes.map((n) => el('li', { text: n })),
      ),
    );
}
