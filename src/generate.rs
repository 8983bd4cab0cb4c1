//! A deterministic generator of realistic CRM exports: deals with stages,
//! forecast categories, lead sources (referrals among them) and contract
//! terms, named for what they sell to whom, many small and a few large,
//! busier at quarter ends; accounts; reps with hires, leavers and quotas;
//! products; activities; stage history; targets. The same seed gives the same bytes, on every platform. Used for
//! the demo, the tests and the benchmarks.

use crate::day::{date_of, day_from_ymd, format_day, Day};
use chrono::Datelike;

/// What to generate.
pub struct Options {
    /// The random seed: the same seed gives the same files.
    pub seed: u64,
    /// How many deals.
    pub deals: usize,
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn range(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST_NAMES: &[&str] = &[
    "Siti", "Budi", "Dewi", "Agus", "Rina", "Andi", "Maya", "Joko", "Ayu", "Hendra", "Lina", "Rudi", "Putri", "Eko",
    "Sari", "Fajar", "Nina", "Bayu", "Citra", "Dimas",
];
const LAST_NAMES: &[&str] = &[
    "Wijaya", "Santoso", "Pratama", "Lestari", "Hidayat", "Saputra", "Kusuma", "Halim", "Nugroho", "Utami", "Gunawan",
    "Permata",
];
const REGIONS: &[(&str, &str, &str)] = &[
    ("Jakarta", "Enterprise", "Rahmat Hidayat"),
    ("Surabaya", "Mid-Market", "Wulan Sari"),
    ("Bandung", "Mid-Market", "Wulan Sari"),
    ("Medan", "SMB", "Yusuf Harahap"),
];
const COMPANY_WORDS: &[&str] = &[
    "Nusantara",
    "Sinar",
    "Mitra",
    "Jaya",
    "Karya",
    "Sentosa",
    "Abadi",
    "Makmur",
    "Global",
    "Prima",
    "Cahaya",
    "Bumi",
    "Samudra",
    "Garuda",
    "Mandiri",
];
const COMPANY_KINDS: &[&str] = &["Teknologi", "Logistik", "Retail", "Farma", "Energi", "Media", "Finance", "Agro"];
const INDUSTRIES: &[&str] =
    &["Technology", "Logistics", "Retail", "Healthcare", "Energy", "Media", "Financial Services", "Agriculture"];
/// (name, category, list price in IDR)
const PRODUCTS: &[(&str, &str, i64)] = &[
    ("KPI Starter", "Analytics", 12_000_000),
    ("KPI Pro", "Analytics", 48_000_000),
    ("KPI Enterprise", "Analytics", 180_000_000),
    ("CRM Connect", "Integration", 25_000_000),
    ("Coaching Pack", "Services", 60_000_000),
];
/// How often each product is sold (per 100 deals): the cheap ones most.
const PRODUCT_WEIGHTS: &[u64] = &[34, 20, 8, 24, 14];
/// Seats or units per deal (low, high, per 100 deals): many small deals, a few large.
const QUANTITIES: &[(i64, i64, u64)] = &[(1, 1, 45), (2, 2, 22), (3, 3, 12), (4, 5, 10), (6, 12, 8), (13, 40, 3)];
/// How busy each month is (per 100): slow after the new year, busy at quarter ends.
const MONTH_WEIGHTS: &[u64] = &[65, 80, 100, 75, 85, 100, 80, 85, 100, 85, 90, 70];
/// What a deal is for, by deal type.
const NEW_MOTIONS: &[&str] = &["pilot", "first seats", "rollout", "proof of concept", "team licence"];
const EXISTING_MOTIONS: &[&str] = &["renewal", "expansion", "upgrade", "add-on seats", "second region"];
/// The forecast category reps give open deals in each stage (per 100).
const FORECAST_BY_STAGE: &[(&str, &[(&str, u64)])] = &[
    ("Prospecting", &[("Pipeline", 80), ("Omitted", 20)]),
    ("Qualification", &[("Pipeline", 85), ("Best Case", 15)]),
    ("Proposal", &[("Pipeline", 40), ("Best Case", 55), ("Commit", 5)]),
    ("Negotiation", &[("Best Case", 35), ("Commit", 65)]),
];
const SOURCES: &[(&str, u64)] =
    &[("Website", 30), ("Outbound", 25), ("Referral", 12), ("Partner Referral", 6), ("Event", 12), ("Paid Ads", 15)];
const OPEN_STAGES: &[(&str, u32)] =
    &[("Prospecting", 10), ("Qualification", 25), ("Proposal", 50), ("Negotiation", 75)];

struct RepPlan {
    name: String,
    region: usize,
    hire: Day,
    termination: Option<Day>,
    quota: i64,
}

fn day(y: i32, m: u32, d: u32) -> Day {
    day_from_ymd(y, m, d).unwrap_or_default()
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv_line(fields: &[String]) -> String {
    let mut line = fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",");
    line.push('\n');
    line
}

fn opt_day(d: Option<Day>) -> String {
    d.map(format_day).unwrap_or_default()
}

/// The files of one dataset, as (file name, CSV text).
pub fn generate(options: &Options) -> Vec<(String, String)> {
    let mut rng = Rng(options.seed ^ 0x5EED_5A1E_5C0F_FEE0);
    let start = day(2023, 1, 1);
    let end = day(2024, 12, 31);
    let reps = plan_reps(&mut rng, options.deals, start, end);
    let accounts = plan_accounts(&mut rng, options.deals);
    let mut deals = String::from("Deal ID,Deal Name,Account,Owner,Stage,Amount,Currency,Created Date,Close Date,Product,Lead Source,Type,Probability (%),Term Months,Forecast Category\n");
    let mut history = String::from("Deal ID,Stage,Entered Date\n");
    let mut activities =
        String::from("Activity ID,Owner,Type,Subject,Created Date,Due Date,Completed Date,Status,Deal ID\n");
    let mut activity_id = 0;
    for index in 0..options.deals {
        let deal = plan_deal(&mut rng, index, &reps, &accounts, start, end);
        deals.push_str(&csv_line(&deal.fields));
        for (stage, entered) in &deal.history {
            history.push_str(&csv_line(&[deal.id.clone(), stage.to_string(), format_day(*entered)]));
        }
        for _ in 0..rng.range(1, 4) {
            activity_id += 1;
            activities.push_str(&activity_line(&mut rng, activity_id, &deal, end));
        }
    }
    vec![
        ("deals.csv".into(), deals),
        ("accounts.csv".into(), accounts_csv(&mut rng, &accounts)),
        ("reps.csv".into(), reps_csv(&mut rng, &reps)),
        ("products.csv".into(), products_csv()),
        ("stage_history.csv".into(), history),
        ("activities.csv".into(), activities),
        ("targets.csv".into(), targets_csv(&reps)),
    ]
}

fn plan_reps(rng: &mut Rng, deals: usize, start: Day, end: Day) -> Vec<RepPlan> {
    let count = (deals / 120).clamp(6, 40);
    // Quotas fit about 120 deals a rep; more deals a rep, larger quotas.
    let quota_scale = (deals / (count * 120)).max(1) as i64;
    let mut names = std::collections::BTreeSet::new();
    let mut reps = Vec::new();
    while reps.len() < count {
        let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
        if !names.insert(name.clone()) {
            continue;
        }
        let veteran = reps.len() < count * 2 / 3;
        let hire = if veteran {
            start - rng.range(60, 1500) as Day
        } else {
            start + rng.range(30, i64::from(end - start) - 90) as Day
        };
        let termination = (rng.chance(15)).then(|| hire.max(start) + rng.range(120, 600) as Day).filter(|t| *t < end);
        reps.push(RepPlan {
            name,
            region: rng.below(REGIONS.len() as u64) as usize,
            hire,
            termination,
            quota: rng.range(10, 25) * 100_000_000 * quota_scale,
        });
    }
    reps
}

fn plan_accounts(rng: &mut Rng, deals: usize) -> Vec<(String, usize)> {
    let count = (deals / 4).clamp(10, 5000);
    let mut names = std::collections::BTreeSet::new();
    let mut accounts = Vec::new();
    while accounts.len() < count {
        let mut name =
            format!("PT {} {} {}", rng.pick(COMPANY_WORDS), rng.pick(COMPANY_WORDS), rng.pick(COMPANY_KINDS));
        if !names.insert(name.clone()) {
            name = format!("{name} {}", accounts.len());
            names.insert(name.clone());
        }
        accounts.push((name, rng.below(INDUSTRIES.len() as u64) as usize));
    }
    accounts
}

struct DealPlan {
    id: String,
    owner: String,
    created: Day,
    close: Option<Day>,
    fields: Vec<String>,
    history: Vec<(&'static str, Day)>,
}

/// The index of one of `weights`, each as likely as its weight.
fn weighted_index(rng: &mut Rng, weights: impl Iterator<Item = u64> + Clone) -> usize {
    let mut roll = rng.below(weights.clone().sum::<u64>().max(1));
    for (index, weight) in weights.enumerate() {
        if roll < weight {
            return index;
        }
        roll -= weight;
    }
    0
}

fn weighted_source(rng: &mut Rng) -> &'static str {
    SOURCES[weighted_index(rng, SOURCES.iter().map(|(_, weight)| *weight))].0
}

/// A creation day, busier in some months than others.
fn seasonal_day(rng: &mut Rng, start: Day, end: Day) -> Day {
    loop {
        let day = start + rng.below((end - start) as u64) as Day;
        let month = date_of(day).month0() as usize;
        if rng.below(100) < MONTH_WEIGHTS[month] {
            return day;
        }
    }
}

/// Deals pushed to close before the quarter ends: the last two weeks of
/// the quarter the close falls in, when that is after the deal started.
fn quarter_end_push(rng: &mut Rng, created: Day, close: Day) -> Day {
    let date = date_of(close);
    let quarter_end_month = (date.month0() / 3) * 3 + 3;
    let next_quarter =
        if quarter_end_month == 12 { day(date.year() + 1, 1, 1) } else { day(date.year(), quarter_end_month + 1, 1) };
    let quarter_end = next_quarter - 1;
    let pushed = quarter_end - rng.below(14) as Day;
    if rng.chance(35) && pushed >= created + 7 {
        pushed
    } else {
        close
    }
}

/// The account's name as people say it: without "PT" and a number.
fn short_account(account: &str) -> &str {
    let name = account.strip_prefix("PT ").unwrap_or(account);
    name.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ')
}

fn plan_deal(
    rng: &mut Rng,
    index: usize,
    reps: &[RepPlan],
    accounts: &[(String, usize)],
    start: Day,
    end: Day,
) -> DealPlan {
    let created = seasonal_day(rng, start, end);
    let employed: Vec<&RepPlan> =
        reps.iter().filter(|r| r.hire <= created && r.termination.is_none_or(|t| t > created)).collect();
    let owner = if employed.is_empty() { &reps[0] } else { *rng.pick(&employed) };
    let (product, _, price) = PRODUCTS[weighted_index(rng, PRODUCT_WEIGHTS.iter().copied())];
    let (low, high, _) = QUANTITIES[weighted_index(rng, QUANTITIES.iter().map(|q| q.2))];
    let quantity = rng.range(low, high);
    // A discount of up to 20 %, to the nearest 100 000 IDR.
    let amount = (price * quantity * rng.range(80, 100) / 100 / 100_000).max(1) * 100_000;
    let source = weighted_source(rng);
    let referral_bonus = if source.contains("Referral") { 15 } else { 0 };
    let cycle = rng.range(10, 160) as Day;
    let reached = rng.range(0, 3) as usize;
    let won = rng.chance(45 + referral_bonus);
    let close_day = quarter_end_push(rng, created, created + cycle);
    let closed = close_day <= end && rng.chance(85);
    let mut history = Vec::new();
    let steps = reached + 1;
    let stay = (cycle / (steps as Day + 1)).max(1);
    for (step, (stage, _)) in OPEN_STAGES.iter().take(steps).enumerate() {
        let entered = created + stay * step as Day;
        if entered <= end {
            history.push((*stage, entered));
        }
    }
    let (stage, probability, close, forecast) = if closed {
        let final_stage = if won { "Closed Won" } else { "Closed Lost" };
        history.push((final_stage, close_day));
        (final_stage, if won { 100 } else { 0 }, Some(close_day), if won { "Closed" } else { "Omitted" })
    } else {
        let (stage, probability) = OPEN_STAGES[history.len().saturating_sub(1).min(OPEN_STAGES.len() - 1)];
        let choices = FORECAST_BY_STAGE.iter().find(|(name, _)| *name == stage).map_or(&[][..], |(_, c)| *c);
        let forecast = choices.get(weighted_index(rng, choices.iter().map(|c| c.1))).map_or("Pipeline", |c| c.0);
        (stage, probability, None, forecast)
    };
    let expected_close = close.unwrap_or(created + cycle + rng.range(0, 60) as Day);
    let account = &rng.pick(accounts).0;
    let id = format!("D{:06}", index + 1);
    let term = *rng.pick(&[12, 12, 12, 24, 36]);
    let existing = rng.chance(25);
    let deal_type = if existing { "Existing Business" } else { "New Business" };
    let motion = rng.pick(if existing { EXISTING_MOTIONS } else { NEW_MOTIONS });
    let fields = vec![
        id.clone(),
        format!("{} – {product} {motion}", short_account(account)),
        account.clone(),
        owner.name.clone(),
        stage.to_string(),
        amount.to_string(),
        "IDR".into(),
        format_day(created),
        format_day(expected_close),
        product.to_string(),
        source.to_string(),
        deal_type.into(),
        probability.to_string(),
        term.to_string(),
        forecast.into(),
    ];
    DealPlan { id, owner: owner.name.clone(), created, close, fields, history }
}

fn activity_line(rng: &mut Rng, id: usize, deal: &DealPlan, end: Day) -> String {
    let kind = *rng.pick(&["Call", "Email", "Meeting", "Task", "Task"]);
    let last = deal.close.unwrap_or(end).min(end);
    let created = deal.created + rng.below((last - deal.created + 1).max(1) as u64) as Day;
    let due = (kind == "Task").then(|| created + rng.range(1, 21) as Day);
    let completed = match due {
        Some(due) if rng.chance(70) => Some((due + rng.range(-3, 5) as Day).clamp(created, end)),
        Some(_) => None,
        None => Some(created),
    };
    let status = if completed.is_some() { "Completed" } else { "Open" };
    let subject = format!("{kind} about {}", deal.id);
    csv_line(&[
        format!("A{id:07}"),
        deal.owner.clone(),
        kind.into(),
        subject,
        format_day(created),
        opt_day(due),
        opt_day(completed),
        status.into(),
        deal.id.clone(),
    ])
}

fn accounts_csv(rng: &mut Rng, accounts: &[(String, usize)]) -> String {
    let mut text = String::from("Account Name,Industry,Region,Referred By\n");
    for (index, (name, industry)) in accounts.iter().enumerate() {
        let referred_by = if index > 0 && rng.chance(8) {
            accounts[rng.below(index as u64) as usize].0.clone()
        } else {
            String::new()
        };
        let region = REGIONS[rng.below(REGIONS.len() as u64) as usize].0;
        text.push_str(&csv_line(&[name.clone(), INDUSTRIES[*industry].into(), region.into(), referred_by]));
    }
    text
}

fn reps_csv(rng: &mut Rng, reps: &[RepPlan]) -> String {
    let mut text = String::from("Rep,Team,Manager,Region,Hire Date,Termination Date,First Outreach Date,Quota\n");
    for rep in reps {
        let (region, team, manager) = REGIONS[rep.region];
        let outreach = rep.hire + rng.range(5, 75) as Day;
        text.push_str(&csv_line(&[
            rep.name.clone(),
            team.into(),
            manager.into(),
            region.into(),
            format_day(rep.hire),
            opt_day(rep.termination),
            format_day(outreach),
            rep.quota.to_string(),
        ]));
    }
    text
}

fn products_csv() -> String {
    let mut text = String::from("Product,Category,List Price\n");
    for (name, category, price) in PRODUCTS {
        text.push_str(&csv_line(&[name.to_string(), category.to_string(), price.to_string()]));
    }
    text
}

fn targets_csv(reps: &[RepPlan]) -> String {
    let mut text =
        String::from("kpi,period,rep,target\nwin_rate,,,50\nconversion_rate,,,40\navg_sales_cycle_days,,,75\n");
    for year in [2023, 2024] {
        let team_quota: i64 = reps.iter().map(|r| r.quota).sum();
        for quarter in 1..=4 {
            text.push_str(&format!("won_amount,{year}-Q{quarter},,{}\n", team_quota * 6 / 10));
            text.push_str(&format!("new_leads,{year}-Q{quarter},,{}\n", reps.len() * 12));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let a = generate(&Options { seed: 1, deals: 200 });
        let b = generate(&Options { seed: 1, deals: 200 });
        let c = generate(&Options { seed: 2, deals: 200 });
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 7);
        assert_eq!(a[0].1.lines().count(), 201);
    }
}
