#![cfg(not(target_arch = "wasm32"))]
//! The deals behind a number are the deals its formula counts. Expected
//! values are worked out by hand in the comments.

use sales_kpi::{Config, DealQuery, InputFile, Session};

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
