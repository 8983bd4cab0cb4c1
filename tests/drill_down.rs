#![cfg(not(target_arch = "wasm32"))]
//! The deals behind a number are the deals its formula counts. Expected
//! values are worked out by hand in the comments.

use sales_kpi::{Config, DealQuery, DrillRule, InputFile, Session};

const DEALS: &str = "\
Deal ID,Owner,Stage,Amount,Created Date,Close Date
A1,Ana,Won,100,2024-01-01,2024-02-01
A2,Ana,Won,50,2024-01-05,2024-02-10
B1,Ben,Won,70,2024-01-03,2024-02-05
B2,Ben,Lost,20,2024-01-04,2024-02-06
";

/// Ana has a quota, Ben has none.
const REPS: &str = "Rep,Hire Date,Quota\nAna,2023-01-01,300\nBen,2023-01-01,\n";

fn first_quarter() -> Config {
    Config::from_json(r#"{"from": "2024-01-01", "to": "2024-03-31", "as_of": "2024-03-31"}"#).unwrap()
}

fn session() -> Session {
    let mut session = Session::new();
    let files = vec![InputFile::new("deals.csv", DEALS), InputFile::new("reps.csv", REPS)];
    assert!(session.add_files(files, &first_quarter()).is_empty());
    session
}

fn ids(session: &mut Session, kpi: &str) -> (Vec<String>, f64) {
    let query = DealQuery { kpi: Some(kpi.into()), ..Default::default() };
    let list = session.deals(&first_quarter(), &query).unwrap();
    let mut ids: Vec<String> = list.deals.into_iter().map(|d| d.id).collect();
    ids.sort();
    (ids, list.total_amount)
}

/// Quota attainment counts only reps with a quota: Ana's won deals A1 and
/// A2, 100 + 50 = 150, the KPI's won amount. Ben's B1 is not behind it.
#[test]
fn the_quota_attainment_drill_down_lists_only_deals_of_reps_with_a_quota() {
    let mut session = session();
    let report = session.report(&first_quarter()).unwrap();
    assert_eq!(report.kpis["quota_attainment"].inputs["won_amount"], 150.0);
    assert_eq!(ids(&mut session, "quota_attainment"), (vec!["A1".to_string(), "A2".to_string()], 150.0));
    // Average deal size counts every won deal: A1, A2, B1 (220).
    assert_eq!(ids(&mut session, "avg_deal_size").1, 220.0);
    assert_eq!(report.kpis["avg_deal_size"].inputs["won_deals_with_amount"], 3.0);
}

/// How many deals a KPI's own inputs count (none: its inputs do not say).
fn counted_by_inputs(report: &sales_kpi::Report, id: &str) -> Option<f64> {
    let inputs = |key: &str| report.kpis[id].inputs[key];
    // Every won deal, with an amount or not, as average deal size counts them.
    let won = || {
        inputs_of(report, "avg_deal_size", "won_deals_with_amount")
            + inputs_of(report, "avg_deal_size", "won_deals_without_amount")
    };
    Some(match id {
        "conversion_rate" => inputs("in_pipeline"),
        "new_leads" => inputs("deals_created"),
        "win_rate" => inputs("won") + inputs("lost"),
        "acv" | "avg_deal_size" => won(),
        "clv" => inputs("won_deals"),
        "avg_sales_cycle_days" => inputs("won_deals_with_created_date"),
        "pipeline_value" | "avg_lead_age_days" => inputs("open_deals"),
        "referrals" => report.kpis[id].value?,
        _ => return None,
    })
}

fn inputs_of(report: &sales_kpi::Report, id: &str, key: &str) -> f64 {
    report.kpis[id].inputs[key]
}

/// Over the hand fixture (whole data): each KPI's drill-down, chosen by
/// its registry entry, lists as many deals as its inputs count (win rate:
/// won 3 + lost 1 = 4; new leads: 6 created; pipeline: 2 open…); quota
/// attainment's deals sum to its won amount; a KPI not computed from deals
/// has no drill-down.
#[test]
fn every_drill_down_lists_the_deals_its_kpi_counts() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hand");
    let names = ["deals.csv", "accounts.csv", "reps.csv", "activities.csv", "stage_history.csv"];
    let files = names.map(|name| InputFile::new(name, std::fs::read(format!("{dir}/{name}")).unwrap())).to_vec();
    let config = Config::default();
    let mut session = Session::new();
    assert!(session.add_files(files, &config).is_empty());
    let report = session.report(&config).unwrap();
    let mut checked = 0;
    for def in sales_kpi::KPIS {
        let query = DealQuery { kpi: Some(def.id.into()), ..Default::default() };
        let list = session.deals(&config, &query);
        match def.drill {
            DrillRule::NotFromDeals => assert!(list.is_err(), "{} has no deals behind it", def.id),
            DrillRule::WonByRepsWithQuota => {
                assert_eq!(list.unwrap().total_amount, report.kpis[def.id].inputs["won_amount"], "{}", def.id);
            }
            _ => {
                let list = list.unwrap();
                match counted_by_inputs(&report, def.id) {
                    Some(count) => assert_eq!(list.total as f64, count, "{}", def.id),
                    None => assert!(list.total > 0, "{}", def.id),
                }
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 18);
}
