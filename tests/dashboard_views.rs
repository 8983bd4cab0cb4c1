//! One dashboard's view-model (`build_dashboard`) holds exactly what the
//! full report holds for that dashboard: the same KPIs with every breakdown,
//! the same aggregates, under every selection.

use sales_kpi::{
    build_dashboard, build_report, load_files, Config, Filters, InputFile, DASHBOARD_VIEWS, VIEW_REGION_ACCOUNTS,
};
use serde_json::Value;

fn demo() -> Vec<InputFile> {
    sales_kpi::generate::generate(&sales_kpi::generate::Options { seed: 9, deals: 1200 })
        .into_iter()
        .map(|(name, text)| InputFile::new(name, text))
        .collect()
}

fn selections(rep: &str) -> Vec<Config> {
    let mut one_rep =
        Config { filters: Filters { reps: vec![rep.to_string()], ..Filters::default() }, ..Config::default() };
    one_rep.top_n = 3;
    let quarter = Config { from: Some("2024-04-01".into()), to: Some("2024-06-30".into()), ..Config::default() };
    let early = Config { as_of: Some("2023-09-30".into()), ..Config::default() };
    vec![Config::default(), one_rep, quarter, early]
}

#[test]
fn every_dashboard_view_equals_the_full_report() {
    let files = demo();
    let data = load_files(&files, &Config::default()).unwrap();
    let rep = build_report(&data, &Config::default()).unwrap().dimensions.reps[0].clone();
    for config in selections(&rep) {
        let full = serde_json::to_value(build_report(&data, &config).unwrap()).unwrap();
        for view in DASHBOARD_VIEWS {
            let part = serde_json::to_value(build_dashboard(&data, &config, view.name).unwrap()).unwrap();
            assert_eq!(part["dashboard"], view.name);
            for key in ["as_of", "selection", "dimensions", "quality"] {
                assert_eq!(part[key], full[key], "{} {key}", view.name);
            }
            for id in view.kpis {
                assert_eq!(part["kpis"][id], full["kpis"][id], "{} {id}", view.name);
            }
            let Value::Object(parts) = &part["dashboards"] else { panic!("dashboards is an object") };
            let mut filled = 0;
            for (key, value) in parts {
                let empty = value.as_array().is_some_and(Vec::is_empty) || value == &Value::from(0);
                if !empty {
                    filled += 1;
                    assert_eq!(value, &full["dashboards"][key], "{} {key}", view.name);
                }
            }
            assert!(filled > 0, "{} draws something", view.name);
        }
    }
}

#[test]
fn a_view_leaves_out_what_its_dashboard_does_not_show() {
    let data = load_files(&demo(), &Config::default()).unwrap();
    let view = build_dashboard(&data, &Config::default(), "team-activity").unwrap();
    assert_eq!(view.kpis.keys().copied().collect::<Vec<_>>(), ["tasks_overdue"]);
    assert!(view.dashboards.leaderboard.is_empty() && view.dashboards.monthly.is_empty());
    assert!(!view.dashboards.activity_by_rep.is_empty());
    let full = serde_json::to_value(build_report(&data, &Config::default()).unwrap()).unwrap();
    assert!(full.get("dashboard").is_none(), "the full report has no dashboard key");
}

#[test]
fn an_unknown_dashboard_names_the_known_ones() {
    let data = load_files(&demo(), &Config::default()).unwrap();
    let error = build_dashboard(&data, &Config::default(), "forecast").unwrap_err().to_string();
    assert!(error.contains("no dashboard \"forecast\""), "{error}");
    assert!(error.contains("state-of-the-union") && error.contains("stage-analysis"), "{error}");
}

/// Every KPI a dashboard's page module names (its tiles and tables) is in
/// that dashboard's view, so the page never draws from a KPI it was not sent.
#[test]
fn each_page_module_asks_only_for_kpis_of_its_view() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/dashboards");
    for view in DASHBOARD_VIEWS {
        let source = std::fs::read_to_string(root.join(format!("{}.js", view.name))).unwrap();
        let in_view = |id: &str| view.kpis.contains(&id) || view.parts.iter().any(|part| part.kpis().contains(&id));
        let named: Vec<&str> = sales_kpi::KPIS
            .iter()
            .map(|def| def.id)
            .filter(|id| source.contains(&format!("'{id}'")) || source.contains(&format!("kpis.{id}")))
            .collect();
        assert!(!named.is_empty(), "{} names no KPI", view.name);
        for id in named {
            assert!(in_view(id), "www/dashboards/{}.js shows {id}, which its view does not hold", view.name);
        }
    }
}

/// One region's accounts (`Session::region_accounts`, what the page asks
/// for when a view left them out) are the full report's rows under that
/// region, in its order, under every selection; a name of no region gives none.
#[test]
fn a_region_s_accounts_are_the_report_s_rows_under_it() {
    let mut session = sales_kpi::Session::new();
    assert!(session.add_files(demo(), &Config::default()).is_empty());
    let rep = session.report(&Config::default()).unwrap().dimensions.reps[0].clone();
    let mut checked = 0;
    for config in selections(&rep) {
        let full = serde_json::to_value(session.report(&config).unwrap()).unwrap();
        let all = full["dashboards"]["won_by_region_account"].as_array().unwrap().clone();
        let regions: Vec<&str> = full["dashboards"]["won_by_region"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["key"].as_str().unwrap())
            .collect();
        checked += regions.len();
        for region in regions {
            let under: Vec<&Value> = all.iter().filter(|row| row["parent"] == region).collect();
            let asked = serde_json::to_value(session.region_accounts(&config, region).unwrap()).unwrap();
            assert!(!under.is_empty());
            assert_eq!(asked.as_array().unwrap().iter().collect::<Vec<_>>(), under, "{region}");
        }
        assert!(session.region_accounts(&config, "Atlantis").unwrap().is_empty());
    }
    assert!(checked >= 8, "regions checked: {checked}");
}

/// Deals of `accounts` accounts, each won in a region of its own.
fn accounts_in_regions(accounts: usize) -> Vec<InputFile> {
    let rows: String = (0..accounts)
        .map(|i| format!("D{i},Account {i},Region {},Ana,Won,{},2024-01-01,2024-02-01\n", i % 3, 100 + i))
        .collect();
    vec![InputFile::new(
        "deals.csv",
        format!("Deal ID,Account,Region,Owner,Stage,Amount,Created Date,Close Date\n{rows}"),
    )]
}

/// The Performance view carries the won deals by region and account up to
/// `VIEW_REGION_ACCOUNTS` rows, and leaves them out beyond (the full report
/// keeps them all); its other groups stay.
#[test]
fn the_performance_view_leaves_out_region_accounts_when_they_are_many() {
    for (accounts, carried) in [(VIEW_REGION_ACCOUNTS, true), (VIEW_REGION_ACCOUNTS + 1, false)] {
        let data = load_files(&accounts_in_regions(accounts), &Config::default()).unwrap();
        let full = build_report(&data, &Config::default()).unwrap();
        assert_eq!(full.dashboards.won_by_region_account.len(), accounts);
        let view = build_dashboard(&data, &Config::default(), "performance").unwrap();
        assert_eq!(view.dashboards.won_by_region_account.len(), if carried { accounts } else { 0 }, "{accounts}");
        assert_eq!(view.dashboards.won_by_account.len(), accounts);
        assert_eq!(view.dashboards.won_by_region.len(), 3);
    }
}
