// Settings persist only when the user opts in; "forget" removes everything.
const KEY = 'sales-kpi.settings';

export function loadSaved() {
  try {
    const text = localStorage.getItem(KEY);
    if (!text) return null;
    const saved = JSON.parse(text);
    return saved && typeof saved === 'object' && !Array.isArray(saved) ? saved : null;
  } catch {
    return null;
  }
}

export function save(settings) {
  localStorage.setItem(KEY, JSON.stringify(settings));
}

export function forget() {
  localStorage.clear();
  sessionStorage.clear();
}
