//! Typed tables → the joined [`Dataset`]: one loader per file kind, then the
//! cross-file checks (duplicates, orphans, near-miss names, fallbacks of a
//! deal's region and team to its owner's row).

use super::schema::FileKind;
use super::table::Table;
use super::{read_file_reporting, InputFile, LoadProgress, ParsedFile};
use crate::config::Config;
use crate::error::Result;
use crate::model::*;
use crate::quality::{NearMiss, Orphans, Rejection};
use std::collections::{BTreeMap, HashMap};

/// Amounts above this are refused as absurd (a documented rule, README).
pub const MAX_AMOUNT: f64 = 1e12;

/// Reads every file and joins them. The first unusable file is the error.
pub fn load_files(files: &[InputFile], config: &Config) -> Result<Dataset> {
    load_files_reporting(files, config, &mut |_| {})
}

/// As [`load_files`], telling `progress` how far each file's reading has got.
pub fn load_files_reporting(
    files: &[InputFile],
    config: &Config,
    progress: &mut dyn FnMut(&LoadProgress),
) -> Result<Dataset> {
    let mut loader = Loader {
        data: Dataset::default(),
        config,
        deal_ids: TextMap::default(),
        entity_rows: HashMap::new(),
        labels: LabelMemo::default(),
    };
    for file in files {
        let parsed = read_file_reporting(file, config, progress)?;
        loader.add(parsed);
    }
    let mut data = loader.data;
    link(&mut data);
    Ok(data)
}

struct Loader<'c> {
    data: Dataset,
    config: &'c Config,
    /// Deal id → (file index, line) of the row kept.
    deal_ids: TextMap<Box<str>, (u16, u64)>,
    /// (kind, name) → (file, line) of the row kept, for duplicate checks.
    entity_rows: HashMap<(FileKind, Sym), (String, u64)>,
    labels: LabelMemo,
}

/// What a label (a stage, a status, an activity type) means, worked out
/// once per distinct label: a column holds few distinct labels.
#[derive(Default)]
struct LabelMemo {
    statuses: TextMap<Box<str>, Option<Outcome>>,
    stages: TextMap<Box<str>, Outcome>,
    activity_kinds: TextMap<Box<str>, ActivityKind>,
    done_statuses: TextMap<Box<str>, bool>,
}

fn memo<T: Copy>(cache: &mut TextMap<Box<str>, T>, label: &str, work_out: impl FnOnce(&str) -> T) -> T {
    if let Some(known) = cache.get(label) {
        return *known;
    }
    let value = work_out(label);
    cache.insert(label.into(), value);
    value
}

/// What a loader says about one row.
type RowResult = std::result::Result<(), Rejection>;

impl Loader<'_> {
    fn add(&mut self, parsed: ParsedFile) {
        let ParsedFile { kind, table, mut quality } = parsed;
        let file_index = self.data.file_names.len() as u16;
        self.data.file_names.push(quality.name.clone());
        for field in quality.mapping.keys() {
            self.data.present.insert(format!("{}.{field}", kind.name()));
        }
        if !table.wide_stages.is_empty() {
            self.data.present.insert("stage_history.entered_date".into());
        }
        if kind != FileKind::Unknown {
            for row in (0..table.rows()).filter(|row| !table.rejected[*row]) {
                let outcome = match kind {
                    FileKind::Deals => self.deal(&table, row, &quality.name, file_index),
                    FileKind::Accounts => self.account(&table, row, &quality.name),
                    FileKind::Reps => self.rep(&table, row, &quality.name),
                    FileKind::Products => self.product(&table, row, &quality.name),
                    FileKind::Activities => self.activity(&table, row),
                    FileKind::StageHistory => self.stage_entry(&table, row),
                    FileKind::Targets => self.target(&table, row),
                    FileKind::Unknown => Ok(()),
                };
                match outcome {
                    Ok(()) if kind == FileKind::Deals => {
                        quality.rows_used += 1;
                        flag_incomplete_deal(self.data.deals.last(), &mut quality);
                    }
                    Ok(()) => quality.rows_used += 1,
                    Err(rejection) => quality.reject(rejection),
                }
            }
        }
        quality.rejected.sort_by_key(|r| r.row);
        self.data.quality.files.push(quality);
    }

    fn sym(&mut self, table: &Table, field: &str, row: usize) -> Option<Sym> {
        let text = table.text(field, row);
        self.data.names.intern_opt(text)
    }

    fn money(table: &Table, field: &str, row: usize) -> std::result::Result<Option<Money>, Rejection> {
        let Some(value) = table.number(field, row) else {
            return Ok(None);
        };
        let line = table.lines[row];
        if value < 0.0 {
            return Err(Rejection::new(line, field, format!("negative amount {value}: amounts must be zero or more")));
        }
        if value > MAX_AMOUNT {
            return Err(Rejection::new(line, field, format!("amount {value} is over the limit of 1 trillion")));
        }
        Ok(Some(money_from_f64(value)))
    }

    fn outcome(&mut self, stage: Option<&str>, status: Option<&str>) -> Option<Outcome> {
        if let Some(outcome) = status.and_then(|s| memo(&mut self.labels.statuses, s, outcome_of_status)) {
            return Some(outcome);
        }
        let stage_outcomes = &self.config.stage_outcomes;
        Some(memo(&mut self.labels.stages, stage?, |stage| {
            let configured = stage_outcomes.iter().find(|(name, _)| fold(name) == fold(stage));
            configured.map(|(_, outcome)| *outcome).unwrap_or_else(|| outcome_of_stage(stage))
        }))
    }

    fn check_duplicate(&mut self, kind: FileKind, name: Sym, file: &str, line: u64, column: &str) -> RowResult {
        if let Some((first_file, first_line)) = self.entity_rows.get(&(kind, name)) {
            return Err(Rejection::new(
                line,
                column,
                format!(
                    "duplicate {} \"{}\", first seen in {first_file} line {first_line}",
                    kind.name().trim_end_matches('s'),
                    self.data.name(name)
                ),
            ));
        }
        self.entity_rows.insert((kind, name), (file.to_string(), line));
        Ok(())
    }

    fn deal(&mut self, table: &Table, row: usize, file: &str, file_index: u16) -> RowResult {
        let line = table.lines[row];
        let amount = Self::money(table, "amount", row)?;
        let outcome = self.outcome(table.text("stage", row), table.text("status", row)).ok_or_else(|| {
            Rejection::new(line, "stage", "neither a stage nor a recognised status (open, won, lost)")
        })?;
        let id = table.text("deal_id", row).map(Box::<str>::from);
        if let Some(id) = &id {
            if let Some((first_file, first_line)) = self.deal_ids.get(id.as_ref()) {
                self.data.quality.counts.duplicate_deal_ids += 1;
                let first_file = &self.data.file_names[usize::from(*first_file)];
                return Err(Rejection::new(line, "deal_id", format!("duplicate deal id \"{id}\", first seen in {first_file} line {first_line}; this row is not counted")));
            }
            self.deal_ids.insert(id.clone(), (file_index, line));
        }
        let close_date = table.date("close_date", row);
        let (closed, expected_close) = match outcome {
            Outcome::Open => (None, close_date.or(table.date("expected_close_date", row))),
            Outcome::Lost => (close_date.or(table.date("lost_date", row)), None),
            Outcome::Won => (close_date, None),
        };
        let deal_key: Box<str> = id.clone().unwrap_or_else(|| format!("{file}:{line}").into());
        for (stage, dates) in &table.wide_stages {
            if let Some(entered) = dates[row] {
                let stage = self.data.names.intern(stage);
                self.data.stage_history.push(StageEntry { deal_id: deal_key.clone(), stage, entered });
            }
        }
        let deal = Deal {
            id: Some(deal_key),
            name: table.text("deal_name", row).map(Box::from),
            account: self.sym(table, "account", row),
            owner: self.sym(table, "owner", row),
            stage: self.sym(table, "stage", row).or_else(|| self.sym(table, "status", row)),
            outcome,
            amount,
            currency: self.sym(table, "currency", row),
            created: table.date("created_date", row),
            closed,
            expected_close,
            region: self.sym(table, "region", row),
            product: self.sym(table, "product", row),
            lead_source: self.sym(table, "lead_source", row),
            deal_type: self.sym(table, "type", row),
            probability: table.number("probability", row),
            term_years: term_years(table, row),
            stage_entered: table.date("stage_entered_date", row),
            team: None,
            file: file_index,
            line: line as u32,
        };
        self.data.deals.push(deal);
        Ok(())
    }

    fn required_name(&mut self, table: &Table, field: &str, row: usize) -> std::result::Result<Sym, Rejection> {
        self.sym(table, field, row).ok_or_else(|| Rejection::new(table.lines[row], field, format!("{field} is empty")))
    }

    fn account(&mut self, table: &Table, row: usize, file: &str) -> RowResult {
        let name = self.required_name(table, "account", row)?;
        self.check_duplicate(FileKind::Accounts, name, file, table.lines[row], "account")?;
        let account = Account {
            name,
            customer_since: table.date("customer_since", row),
            churn: table.date("churn_date", row),
            referred_by: self.sym(table, "referred_by", row),
            region: self.sym(table, "region", row),
            industry: self.sym(table, "industry", row),
        };
        self.data.accounts.push(account);
        Ok(())
    }

    fn rep(&mut self, table: &Table, row: usize, file: &str) -> RowResult {
        let name = self.required_name(table, "rep", row)?;
        self.check_duplicate(FileKind::Reps, name, file, table.lines[row], "rep")?;
        let rep = Rep {
            name,
            hire: table.date("hire_date", row),
            termination: table.date("termination_date", row),
            first_outreach: table.date("first_outreach_date", row),
            quota: Self::money(table, "quota", row)?,
            team: self.sym(table, "team", row),
            manager: self.sym(table, "manager", row),
            region: self.sym(table, "region", row),
        };
        self.data.reps.push(rep);
        Ok(())
    }

    fn product(&mut self, table: &Table, row: usize, file: &str) -> RowResult {
        let name = self.required_name(table, "product", row)?;
        self.check_duplicate(FileKind::Products, name, file, table.lines[row], "product")?;
        let product = Product {
            name,
            category: self.sym(table, "category", row),
            list_price: Self::money(table, "list_price", row)?,
        };
        self.data.products.push(product);
        Ok(())
    }

    fn activity(&mut self, table: &Table, row: usize) -> RowResult {
        let kind =
            memo(&mut self.labels.activity_kinds, table.text("type", row).unwrap_or(""), ActivityKind::from_label);
        let done_status = table
            .text("status", row)
            .is_some_and(|status| memo(&mut self.labels.done_statuses, status, is_done_status));
        let activity = Activity {
            owner: self.sym(table, "owner", row),
            kind,
            created: table.date("created_date", row),
            due: table.date("due_date", row),
            completed: table.date("completed_date", row),
            done_status,
            deal_id: table.text("deal_id", row).map(Box::from),
            account: self.sym(table, "account", row),
            subject: table.text("subject", row).map(Box::from),
        };
        self.data.activities.push(activity);
        Ok(())
    }

    fn stage_entry(&mut self, table: &Table, row: usize) -> RowResult {
        let line = table.lines[row];
        let deal_id = table.text("deal_id", row).ok_or_else(|| Rejection::new(line, "deal_id", "deal id is empty"))?;
        let entered = table
            .date("entered_date", row)
            .ok_or_else(|| Rejection::new(line, "entered_date", "entered date is empty"))?;
        let stage = self.required_name(table, "stage", row)?;
        self.data.stage_history.push(StageEntry { deal_id: deal_id.into(), stage, entered });
        Ok(())
    }

    fn target(&mut self, table: &Table, row: usize) -> RowResult {
        let line = table.lines[row];
        let kpi = table.text("kpi", row).ok_or_else(|| Rejection::new(line, "kpi", "kpi is empty"))?;
        let target = table.number("target", row).ok_or_else(|| Rejection::new(line, "target", "target is empty"))?;
        let rep = self.sym(table, "rep", row);
        let period = table.text("period", row).map(str::to_string);
        self.data.targets.push(Target { kpi: kpi.trim().to_lowercase(), period, rep, target });
        Ok(())
    }
}

/// Used deals that some KPIs leave out, listed with their row.
fn flag_incomplete_deal(deal: Option<&Deal>, quality: &mut crate::quality::FileQuality) {
    let Some(deal) = deal else { return };
    let row = u64::from(deal.line);
    let column = |field: &str| quality.mapping.get(field).cloned().unwrap_or_else(|| field.to_string());
    let mut flags = Vec::new();
    if deal.created.is_none() {
        flags.push((
            column("created_date"),
            "no created date: in the pipeline while open, left out of new leads, lead age and cycle times",
        ));
    }
    if deal.account.is_none() {
        flags.push((column("account"), "no account: the deal counts in totals but makes no customer"));
    }
    if deal.owner.is_none() {
        flags.push((column("owner"), "no owner: the deal counts in totals, not per rep"));
    }
    if deal.outcome != Outcome::Open && deal.closed.is_none() {
        flags.push((column("close_date"), "won or lost without a close date: never open and never won in a period"));
    }
    if deal.outcome == Outcome::Won && deal.amount.is_none() {
        flags.push((column("amount"), "won without an amount: left out of deal size, ACV, CLV and sums"));
    }
    quality.flag(flags.into_iter().map(|(column, reason)| Rejection::new(row, &column, reason)).collect());
}

/// SPEC §4 ACV: term_months / 12, else (end − start) / 365.25, else 1.
fn term_years(table: &Table, row: usize) -> f64 {
    if let Some(months) = table.number("term_months", row).filter(|m| *m > 0.0) {
        return months / 12.0;
    }
    match (table.date("contract_start", row), table.date("contract_end", row)) {
        (Some(start), Some(end)) if end > start => f64::from(end - start) / 365.25,
        _ => 1.0,
    }
}

const WON_WORDS: &[&str] = &["won", "closed won", "closedwon", "win", "menang", "berhasil", "deal won", "closed - won"];
const LOST_WORDS: &[&str] =
    &["lost", "closed lost", "closedlost", "lose", "kalah", "gagal", "deal lost", "closed - lost"];
const OPEN_WORDS: &[&str] = &["open", "active", "in progress", "terbuka", "aktif", "berjalan", "proses"];

/// A status column's value, when recognised.
pub fn outcome_of_status(status: &str) -> Option<Outcome> {
    let status = fold(status);
    if WON_WORDS.contains(&status.as_str()) {
        Some(Outcome::Won)
    } else if LOST_WORDS.contains(&status.as_str()) {
        Some(Outcome::Lost)
    } else if OPEN_WORDS.contains(&status.as_str()) {
        Some(Outcome::Open)
    } else {
        None
    }
}

/// SPEC §2: "Closed Won", "Won", "Menang" → won; "Closed Lost", "Lost",
/// "Kalah" → lost; anything else → open.
pub fn outcome_of_stage(stage: &str) -> Outcome {
    let words: Vec<String> = fold(stage).split(|c: char| !c.is_alphanumeric()).map(str::to_string).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&["won", "menang", "closedwon"]) {
        Outcome::Won
    } else if has(&["lost", "kalah", "closedlost"]) {
        Outcome::Lost
    } else {
        Outcome::Open
    }
}

fn is_done_status(status: &str) -> bool {
    ["done", "completed", "complete", "closed", "selesai", "true", "yes", "ya", "1", "finished"]
        .contains(&fold(status).as_str())
}

/// Cross-file joins and the checks that need all files.
fn link(data: &mut Dataset) {
    let reps: HashMap<Sym, usize> = data.reps.iter().enumerate().map(|(i, r)| (r.name, i)).collect();
    for deal in &mut data.deals {
        if let Some(rep) = deal.owner.and_then(|o| reps.get(&o)).map(|i| &data.reps[*i]) {
            deal.team = rep.team;
            deal.region = deal.region.or(rep.region);
        }
    }
    count_special_deals(data);
    let deal_owners: Vec<Option<Sym>> = data.deals.iter().map(|d| d.owner).collect();
    let deal_accounts: Vec<Option<Sym>> = data.deals.iter().map(|d| d.account).collect();
    let deal_products: Vec<Option<Sym>> = data.deals.iter().map(|d| d.product).collect();
    let activity_owners: Vec<Option<Sym>> = data.activities.iter().map(|a| a.owner).collect();
    let rep_names: Vec<Sym> = data.reps.iter().map(|r| r.name).collect();
    let account_names: Vec<Sym> = data.accounts.iter().map(|a| a.name).collect();
    let product_names: Vec<Sym> = data.products.iter().map(|p| p.name).collect();
    let checks = [
        ("deals", "owner", "reps", &deal_owners, &rep_names),
        ("deals", "account", "accounts", &deal_accounts, &account_names),
        ("deals", "product", "products", &deal_products, &product_names),
        ("activities", "owner", "reps", &activity_owners, &rep_names),
    ];
    for (file, column, refers_to, used, known) in checks {
        if !known.is_empty() && used.iter().any(Option::is_some) {
            report_orphans(data, file, column, refers_to, used, known);
        }
    }
    let currencies: std::collections::BTreeSet<&str> =
        data.deals.iter().filter_map(|d| d.currency).map(|c| data.names.name(c)).collect();
    if currencies.len() > 1 {
        let list: Vec<&str> = currencies.into_iter().collect();
        data.quality.warnings.push(format!(
            "deals are in several currencies ({}); amounts are summed as they are, without conversion",
            list.join(", ")
        ));
    }
}

fn count_special_deals(data: &mut Dataset) {
    let counts = &mut data.quality.counts;
    for deal in &data.deals {
        counts.deals += 1;
        counts.deals_without_created_date += u64::from(deal.created.is_none());
        counts.closed_deals_without_close_date += u64::from(deal.outcome != Outcome::Open && deal.closed.is_none());
        counts.won_deals_without_amount += u64::from(deal.outcome == Outcome::Won && deal.amount.is_none());
        counts.deals_without_owner += u64::from(deal.owner.is_none());
        counts.deals_without_account += u64::from(deal.account.is_none());
        counts.close_before_created += u64::from(matches!((deal.created, deal.closed), (Some(c), Some(d)) if d < c));
    }
}

fn report_orphans(data: &mut Dataset, file: &str, column: &str, refers_to: &str, used: &[Option<Sym>], known: &[Sym]) {
    let known_set: IdSet<Sym> = known.iter().copied().collect();
    let squashed: HashMap<String, Sym> = known.iter().map(|k| (squash(data.names.name(*k)), *k)).collect();
    let mut missing: BTreeMap<Sym, u64> = BTreeMap::new();
    for sym in used.iter().flatten().filter(|s| !known_set.contains(s)) {
        *missing.entry(*sym).or_default() += 1;
    }
    if missing.is_empty() {
        return;
    }
    let mut orphan_rows = 0;
    let mut names = Vec::new();
    for (sym, rows) in &missing {
        let name = data.names.name(*sym).to_string();
        match squashed.get(&squash(&name)) {
            Some(known) => data.quality.near_misses.push(NearMiss {
                field: format!("{file}.{column}"),
                found: name,
                known: data.names.name(*known).to_string(),
                rows: *rows,
            }),
            None => {
                orphan_rows += rows;
                names.push(name);
            }
        }
    }
    for near in data.quality.near_misses.iter().filter(|n| n.field == format!("{file}.{column}")) {
        data.quality.warnings.push(format!(
            "{} rows of {file} name {column} \"{}\", which is not in {refers_to} but looks like \"{}\"; they are not joined. Fix the spelling in one file.",
            near.rows, near.found, near.known
        ));
    }
    if orphan_rows > 0 {
        names.truncate(50);
        data.quality.orphans.push(Orphans {
            file: file.into(),
            column: column.into(),
            refers_to: refers_to.into(),
            rows: orphan_rows,
            names,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_and_status_rules() {
        assert_eq!(outcome_of_stage("Closed Won"), Outcome::Won);
        assert_eq!(outcome_of_stage("Menang"), Outcome::Won);
        assert_eq!(outcome_of_stage("Closed Lost"), Outcome::Lost);
        assert_eq!(outcome_of_stage("Kalah"), Outcome::Lost);
        assert_eq!(outcome_of_stage("Negotiation/Review"), Outcome::Open);
        assert_eq!(outcome_of_status("won"), Some(Outcome::Won));
        assert_eq!(outcome_of_status("Terbuka"), Some(Outcome::Open));
        assert_eq!(outcome_of_status("maybe"), None);
    }
}
