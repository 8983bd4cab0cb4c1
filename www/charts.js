// Charts with Chart.js (served locally from vendor/). Labels are drawn on
// a canvas, never parsed as HTML. Every chart can be saved as a PNG.
import { el, clear } from './dom.js';
import { t, formatMoney, currentSettings, inSettings } from './i18n.js';

export const COLORS = ['#1f6feb', '#2da44e', '#bf8700', '#cf222e', '#8250df', '#1b7c83', '#e16f24', '#57606a'];
const live = new Map();

export function destroyCharts(root) {
  for (const [canvas, chart] of live) {
    if (!root || root.contains(canvas)) {
      chart.destroy();
      live.delete(canvas);
    }
  }
}

function savePng(canvas, name) {
  const chart = live.get(canvas);
  const link = document.createElement('a');
  link.href = chart ? chart.toBase64Image('image/png', 1) : canvas.toDataURL('image/png');
  link.download = `${name}.png`;
  document.body.append(link);
  link.click();
  link.remove();
}

/** A card holding one chart. `config` is a Chart.js configuration. */
export function chartCard(title, id, config) {
  const canvas = el('canvas', { role: 'img', 'aria-label': title });
  const button = el('button', {
    type: 'button',
    class: 'ghost small',
    text: t('export.png'),
    'data-export': 'png',
    onclick: () => savePng(canvas, id),
  });
  const card = el(
    'section',
    { class: 'card', 'data-chart': id },
    el('div', { class: 'card-head' }, el('h3', { text: title }), button),
    el('div', { class: 'chart-box' }, canvas),
  );
  // Axis labels are drawn later (on resize too): in the language and
  // currency of the moment the card was made, whatever another widget set since.
  const settings = currentSettings();
  queueMicrotask(() => {
    if (!window.Chart || !canvas.isConnected) return;
    const options = { responsive: true, maintainAspectRatio: false, animation: false, ...config.options };
    options.plugins = { legend: { position: 'bottom' }, ...(config.options?.plugins || {}) };
    options.scales = Object.fromEntries(
      Object.entries(options.scales || {}).map(([axis, scale]) => {
        const callback = scale.ticks?.callback;
        return [
          axis,
          callback
            ? {
                ...scale,
                ticks: { ...scale.ticks, callback: (...args) => inSettings(settings, () => callback(...args)) },
              }
            : scale,
        ];
      }),
    );
    live.set(canvas, new window.Chart(canvas, { ...config, options }));
  });
  return card;
}

export function emptyCard(title, message) {
  return el(
    'section',
    { class: 'card' },
    el('div', { class: 'card-head' }, el('h3', { text: title })),
    el('p', { class: 'muted', text: message }),
  );
}

export function resetCharts(container) {
  destroyCharts(container);
  clear(container);
}

/**
 * Axis options that show money compactly (IDR 1.2M), in steps of whole units at least: with every
 * value zero (open deals without an amount) the axis would step by 0.1 and label $0, $0, …, $1.
 */
export const moneyAxis = {
  y: { beginAtZero: true, ticks: { precision: 0, callback: (value) => formatMoney(value) } },
};
