// Types of <sales-kpi-dashboard>, its events, the records `loadRecords`
// takes and the configuration; the engine's own API is in pkg/sales_kpi.d.ts.
// tests/js/types.test.mjs checks the record fields against the engine's
// canonical fields.

export type DashboardName =
  | 'state-of-the-union'
  | 'pipeline'
  | 'team-activity'
  | 'performance'
  | 'stage-analysis'
  | 'reps';

export interface Filters {
  reps?: string[];
  teams?: string[];
  regions?: string[];
  products?: string[];
}

export interface TargetSetting {
  kpi: string;
  target: number;
  /** A period label: `2024`, `2024-Q3`. */
  period?: string;
  rep?: string;
}

/** The CLI's configuration (`--config FILE.json`). Dates are `YYYY-MM-DD`. */
export interface Config {
  as_of?: string;
  from?: string;
  to?: string;
  filters?: Filters;
  targets?: TargetSetting[];
  /** file name → canonical field → header. */
  mappings?: Record<string, Record<string, string>>;
  /** file name → kind. */
  kinds?: Record<string, RecordKind>;
  stage_outcomes?: Record<string, 'open' | 'won' | 'lost'>;
  stage_order?: string[];
  churn_after_days?: number;
  locale?: 'auto' | 'en' | 'id';
  fiscal_year_start_month?: number;
  quota_period?: 'month' | 'quarter' | 'year';
  top_n?: number;
}

/** A cell of a record: dates as `YYYY-MM-DD` strings (or `Date`s), amounts as numbers. */
export type Cell = string | number | boolean | Date | null | undefined;

export interface DealRecord {
  deal_id?: Cell; deal_name?: Cell; account?: Cell; owner?: Cell; stage?: Cell; status?: Cell;
  amount?: Cell; currency?: Cell; created_date?: Cell; close_date?: Cell; lost_date?: Cell;
  expected_close_date?: Cell; region?: Cell; product?: Cell; lead_source?: Cell; type?: Cell;
  forecast_category?: Cell; is_closed?: Cell; is_won?: Cell; owner_id?: Cell; account_id?: Cell; probability?: Cell;
  contract_start?: Cell; contract_end?: Cell; term_months?: Cell; stage_entered_date?: Cell;
}
export interface AccountRecord {
  account?: Cell; customer_since?: Cell; churn_date?: Cell; referred_by?: Cell; region?: Cell;
  industry?: Cell; account_id?: Cell;
}
export interface RepRecord {
  rep?: Cell; hire_date?: Cell; termination_date?: Cell; first_outreach_date?: Cell; quota?: Cell;
  team?: Cell; manager?: Cell; rep_id?: Cell; first_name?: Cell; last_name?: Cell; region?: Cell;
}
export interface ActivityRecord {
  activity_id?: Cell; owner?: Cell; type?: Cell; subject?: Cell; created_date?: Cell; due_date?: Cell;
  completed_date?: Cell; owner_id?: Cell; status?: Cell; deal_id?: Cell; account?: Cell;
}
export interface StageHistoryRecord {
  deal_id?: Cell; stage?: Cell; entered_date?: Cell;
}
export interface TargetRecord {
  kpi?: Cell; period?: Cell; rep?: Cell; target?: Cell;
}
export interface LeadRecord {
  lead_id?: Cell; created_date?: Cell; owner?: Cell; owner_id?: Cell; status?: Cell; lead_source?: Cell;
  converted?: Cell; converted_date?: Cell; converted_deal_id?: Cell;
}
export interface ProductRecord {
  product?: Cell; category?: Cell; list_price?: Cell;
}

export interface Records {
  deals?: DealRecord[];
  accounts?: AccountRecord[];
  reps?: RepRecord[];
  activities?: ActivityRecord[];
  stage_history?: StageHistoryRecord[];
  targets?: TargetRecord[];
  products?: ProductRecord[];
  leads?: LeadRecord[];
}
export type RecordKind = keyof Records;

/** A file the engine could not use at all (the others still load). */
export interface FileError {
  message: string;
  file: string | null;
  line: number | null;
  column: string | null;
}

/** A value with what it was computed from, and its target if one is set. */
export interface Value {
  value: number | null;
  inputs: Record<string, number>;
  note: string | null;
  target: number | null;
  target_met: boolean | null;
}
export interface RepValue extends Value { rep: string }
export interface PeriodValue extends Value { period: string; from: string; to: string }

export interface Kpi extends Value {
  id: string;
  name: string;
  unit: 'currency' | 'percent' | 'days' | 'count' | string;
  higher_is_better: boolean;
  by_rep?: RepValue[] | null;
  by_period?: PeriodValue[] | null;
  by_rep_period?: unknown[] | null;
  /** The value over the window before and a year before (KPIs with a window). */
  comparison?: { previous: ComparedValue; year_ago: ComparedValue };
}
export interface ComparedValue { from: string; to: string; value: number | null }

export interface Rejection { row: number; column: string | null; reason: string; /** Records only: 1-based. */ record?: number }

export interface FileQuality {
  name: string;
  kind: RecordKind;
  rows_read: number;
  rows_used: number;
  rows_rejected: number;
  rows_skipped: number;
  rejected: Rejection[];
  warnings: string[];
  [more: string]: unknown;
}

/** The full report (as the CLI's `report`), or one dashboard's part of it. */
export interface Report {
  engine: 'sales-kpi';
  version: string;
  dashboard?: DashboardName | null;
  as_of: string;
  selection: { from: string; to: string; periods: string[]; reps: string[]; filters_active: boolean };
  kpis: Record<string, Kpi>;
  dashboards: Record<string, unknown>;
  dimensions: {
    reps: string[]; teams: string[]; regions: string[]; products: string[]; periods: string[]; currencies: string[];
    /** Each period's whole first and last day (fiscal periods follow `fiscal_year_start_month`). */
    period_bounds: { label: string; from: string; to: string }[];
  };
  quality: { files: FileQuality[]; warnings: string[]; [more: string]: unknown };
}

export interface ReadyDetail { dashboard: DashboardName }
export interface ChangeDetail { config: Config }
export type SelectDetail = { kpi: string; rep: string | null } | { deal_id: string; account: string | null };

export type FileInput = File | { name: string; bytes: Uint8Array };

export declare class SalesKpiDashboard extends HTMLElement {
  /** A copy of the configuration in use. */
  readonly config: Config;
  setConfig(config: Config): Promise<void>;
  /** Replaces the data; resolves with the files that could not be used. */
  load(files: Iterable<FileInput> | ArrayLike<FileInput>): Promise<FileError[]>;
  /** Replaces the data with CRM records; rejects with SalesKpiRecordsError on a malformed record. */
  loadRecords(records: Records): Promise<FileError[]>;
  report(): Promise<Report>;
  /** Removes what this element saved (with the `remember` attribute), nothing else. */
  forget(): void;
}

export interface SalesKpiRecordsError extends Error {
  name: 'SalesKpiRecordsError';
  kind: RecordKind | string | null;
  record: number | null;
  field: string | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'sales-kpi-dashboard': SalesKpiDashboard;
  }
  interface HTMLElementEventMap {
    'sales-kpi-ready': CustomEvent<ReadyDetail>;
    'sales-kpi-change': CustomEvent<ChangeDetail>;
    'sales-kpi-select': CustomEvent<SelectDetail>;
  }
}
