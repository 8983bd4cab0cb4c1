//! Every KPI on a tiny fixture (tests/fixtures/hand) whose expected values
//! are worked out by hand below. Selection: 2024-01-10 (D1 created) to
//! 2024-06-10 (D6 closed, the latest sales event) = 153 days.
//! Q1 2024 and Q2 2024 each have 91 days.

mod common;
use common::*;
use sales_kpi::Report;

fn hand_report() -> Report {
    let files: Vec<_> = ["deals.csv", "accounts.csv", "reps.csv", "stage_history.csv", "activities.csv"]
        .iter()
        .map(|name| fixture("hand", name))
        .collect();
    report_of(&files)
}

#[test]
fn selection_runs_from_the_first_to_the_last_sales_event() {
    let report = hand_report();
    assert_eq!((report.as_of.as_str(), report.selection.from.as_str()), ("2024-06-10", "2024-01-10"));
    assert_eq!(report.selection.periods, ["2024", "2024-Q1", "2024-Q2"]);
}

#[test]
fn deal_kpis() {
    let r = hand_report();
    // Won in the selection: D1 1200 (24 months → 600/yr), D3 3000 (6 months → max(1, 0.5) = 1 → 3000), D6 (no amount).
    assert_close(value(&r, "acv"), (600.0 + 3000.0) / 2.0, "acv");
    assert_close(value(&r, "avg_deal_size"), (1200.0 + 3000.0) / 2.0, "avg_deal_size");
    assert_eq!(input(&r, "avg_deal_size", "won_deals_without_amount"), 1.0);
    // Closed: D1 won, D2 lost, D3 won, D6 won → 3 / 4.
    assert_close(value(&r, "win_rate"), 75.0, "win_rate");
    assert_close(value(&r, "new_leads"), 6.0, "new_leads");
    // All six deals overlap the selection; 3 were won → 50%.
    assert_close(value(&r, "conversion_rate"), 50.0, "conversion_rate");
    // Cycles: D1 30 days, D3 60 (Feb 1 → Apr 1, leap year), D6 40 → 130 / 3.
    assert_close(value(&r, "avg_sales_cycle_days"), 130.0 / 3.0, "avg_sales_cycle_days");
    // Open on 2024-06-10: D4 (created Mar 1: 101 days), D5 (created Apr 10: 61 days) → 81.
    assert_close(value(&r, "avg_lead_age_days"), 81.0, "avg_lead_age_days");
    // Open pipeline 2000 + 1000; weighted 2000 × 50% + 1000 × 100% (no probability).
    assert_close(value(&r, "pipeline_value"), 3000.0, "pipeline_value");
    assert_eq!(input(&r, "pipeline_value", "weighted_value"), 2000.0);
}

#[test]
fn deal_kpis_by_rep_and_period() {
    let r = hand_report();
    assert_close(rep_value(&r, "win_rate", "Ana"), 50.0, "Ana win rate");
    assert_close(rep_value(&r, "win_rate", "Ben"), 100.0, "Ben win rate");
    assert_eq!(rep_value(&r, "win_rate", "Cid"), None);
    assert_close(period_value(&r, "new_leads", "2024-Q1"), 4.0, "Q1 leads");
    assert_close(period_value(&r, "new_leads", "2024-Q2"), 2.0, "Q2 leads");
    let ana_q2 = r.kpis["new_leads"]
        .by_rep_period
        .as_ref()
        .unwrap()
        .iter()
        .find(|v| v.rep == "Ana" && v.period == "2024-Q2")
        .unwrap()
        .value;
    assert_eq!(ana_q2, Some(1.0));
}

#[test]
fn customer_kpis() {
    let r = hand_report();
    // Customers: Acme (first won D1, 2024-02-09, Referral, Ana), Delta (D6, 2024-06-10, Partner Referral, Ben),
    // and from accounts.csv Omega (2023-05-01, churned 2024-03-01) and Zeta (since 2023-01-01).
    assert_close(value(&r, "referrals"), 2.0, "referrals");
    assert_close(rep_value(&r, "referrals", "Ana"), 1.0, "Ana referrals");
    // 2024 (to date): active at 2024-01-10: Omega, Zeta = 2; at 2024-06-10: Acme, Delta, Zeta = 3; new: Acme, Delta = 2.
    assert_close(value(&r, "customer_retention"), (3.0 - 2.0) / 2.0 * 100.0, "customer_retention");
    assert_close(value(&r, "customer_churn"), 50.0, "customer_churn");
    // CLV: avg purchase 2100; 3 purchases / 4 customers / (153 / 365.25) years;
    // lifespans 122 (Acme) + 0 (Delta) + 305 (Omega) + 526 (Zeta) = 953 days / 4 / 365.25.
    let expected = 2100.0 * (3.0 / 4.0 / (153.0 / 365.25)) * (953.0 / 4.0 / 365.25);
    assert_close(value(&r, "clv"), expected, "clv");
    assert_close(Some(expected), 375_243.75 / 153.0, "clv by hand");
}

#[test]
fn team_kpis() {
    let r = hand_report();
    // At 2024-01-10: Ana, Cid; at 2024-06-10: Ana, Ben; hired: Ben → (2 − 1) / 2.
    assert_close(value(&r, "rep_retention"), 50.0, "rep_retention");
    // Ben: hired Feb 1, first outreach Feb 11.
    assert_close(value(&r, "avg_ramp_days"), 10.0, "avg_ramp_days");
    // Quarterly quota 9100 = 100 a day. Ana 82 + 71 days → 15 300; Ben (from Feb 1) 60 + 71 → 13 100;
    // Cid (left Mar 1) 51 → 5 100. Won: Ana 1200, Ben 3000.
    assert_close(rep_value(&r, "quota_attainment", "Ana"), 1200.0 / 15_300.0 * 100.0, "Ana quota");
    assert_close(rep_value(&r, "quota_attainment", "Ben"), 3000.0 / 13_100.0 * 100.0, "Ben quota");
    assert_close(value(&r, "quota_attainment"), 4200.0 / 33_500.0 * 100.0, "team quota");
}

#[test]
fn stage_kpis() {
    let r = hand_report();
    let stages: Vec<&str> =
        r.kpis["stage_conversion"].by_stage.as_ref().unwrap().iter().map(|s| s.stage.as_str()).collect();
    assert_eq!(stages, ["Prospecting", "Proposal"]);
    // Entered Prospecting: D1 (won), D2 (lost), D4 (open) → 1 / 3 won.
    assert_close(value(&r, "stage_conversion"), 100.0 / 3.0, "stage_conversion");
    // Prospecting → later: D1 yes, D2 no, D4 yes (Proposal) → 2/3; Proposal: D1 won, D4 not → 1/2.
    assert_close(stage_value(&r, "stage_conversion", "Prospecting"), 200.0 / 3.0, "Prospecting");
    assert_close(stage_value(&r, "stage_conversion", "Proposal"), 50.0, "Proposal");
    // Stays: D1 Prospecting 10, D1 Proposal 20, D2 Prospecting 46, D4 Prospecting 31 (D4 Proposal still open).
    assert_close(stage_value(&r, "avg_time_in_stage_days", "Prospecting"), 29.0, "Prospecting stay");
    assert_close(stage_value(&r, "avg_time_in_stage_days", "Proposal"), 20.0, "Proposal stay");
    assert_close(value(&r, "avg_time_in_stage_days"), 107.0 / 4.0, "all stays");
}

#[test]
fn activity_kpis() {
    let r = hand_report();
    // Tasks: A1, A2, A3 (To-do), A5. Completed: A1 (date), A5 (status). Overdue: A2 (due May 20).
    assert_close(value(&r, "tasks_overdue"), 1.0, "tasks_overdue");
    assert_eq!((input(&r, "tasks_overdue", "total_tasks"), input(&r, "tasks_overdue", "completed_tasks")), (4.0, 2.0));
    assert_close(rep_value(&r, "tasks_overdue", "Ana"), 1.0, "Ana overdue");
    let ben = r.dashboards.activity_by_rep.iter().find(|a| a.key == "Ben").unwrap();
    assert_eq!((ben.calls, ben.tasks, ben.tasks_completed), (1, 2, 1));
}

/// A region's activities are its reps' (reps.csv: Ben is Bandung's one
/// rep): A3, A4, A5. Tasks A3, A5; completed A5 (status); overdue none (A3
/// is due Jun 20, after the as-of date). By month: Feb a call (A4), Mar a
/// task (A5), Jun a task (A3). The same afresh, and in a session that
/// worked out the unfiltered report first (its counts by owner are reused).
#[test]
fn activity_kpis_of_one_region() {
    let files: Vec<_> = ["deals.csv", "accounts.csv", "reps.csv", "stage_history.csv", "activities.csv"]
        .iter()
        .map(|name| fixture("hand", name))
        .collect();
    let config = sales_kpi::Config::from_json(r#"{"filters": {"regions": ["Bandung"]}}"#).unwrap();
    let mut session = sales_kpi::Session::new();
    assert!(session.add_files(files.clone(), &sales_kpi::Config::default()).is_empty());
    session.report(&sales_kpi::Config::default()).unwrap();
    let afresh = sales_kpi::analyze(&files, &config).unwrap();
    let in_session = session.dashboard(&config, "team-activity").unwrap();
    for r in [&afresh, &in_session] {
        assert_close(value(r, "tasks_overdue"), 0.0, "Bandung overdue");
        assert_eq!(
            (input(r, "tasks_overdue", "total_tasks"), input(r, "tasks_overdue", "completed_tasks")),
            (2.0, 1.0)
        );
        let totals = r.dashboards.activity_totals.as_ref().unwrap();
        assert_eq!((totals.calls, totals.tasks, totals.tasks_completed, totals.tasks_overdue), (1, 2, 1, 0));
        let months: Vec<(&str, u64, u64)> = (r.dashboards.activity_by_month.iter())
            .filter(|m| m.calls + m.emails + m.meetings + m.tasks + m.other > 0)
            .map(|m| (m.key.as_str(), m.calls, m.tasks))
            .collect();
        assert_eq!(months, [("2024-02", 1, 0), ("2024-03", 0, 1), ("2024-06", 0, 1)]);
    }
}

#[test]
fn dashboards() {
    let r = hand_report();
    let d = &r.dashboards;
    assert_eq!(d.top_won_deals.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["D3", "D1"]);
    assert_eq!(d.top_open_deals[0].id, "D4");
    let stages: Vec<(&str, u64, f64)> =
        d.pipeline_by_stage.iter().map(|s| (s.stage.as_str(), s.open_deals, s.amount)).collect();
    assert_eq!(stages, [("Proposal", 1, 2000.0), ("Negotiation", 1, 1000.0)]);
    assert_eq!(d.leaderboard[0].rep, "Ben");
    let jakarta = d.won_by_region.iter().find(|g| g.key == "Jakarta").unwrap();
    assert_eq!((jakarta.won_deals, jakarta.won_amount, jakarta.lost_deals), (1, 1200.0, 1));
    // D4's expected close (2024-07-15) is after the as-of; D5's (2024-06-30) too: nothing past due.
    assert!(d.at_risk_deals.iter().all(|a| !a.reason.contains("expected close")));
    assert_eq!(d.monthly.len(), 6);
    assert_eq!(d.monthly.last().unwrap().cumulative_won, 4200.0);
}

#[test]
fn quality_lists_the_incomplete_rows() {
    let r = hand_report();
    let deals = r.quality.files.iter().find(|f| f.name == "deals.csv").unwrap();
    assert_eq!((deals.rows_read, deals.rows_used, deals.rows_flagged), (6, 6, 2));
    let rows: Vec<u64> = deals.flagged.iter().map(|f| f.row).collect();
    assert_eq!(rows, [6, 7]);
}

/// Issue 9: every KPI with a window is compared with the window before and
/// the same window a year earlier. By hand, win rate of 2024-Q2: F won → 100 %;
/// of 2024-Q1 (the quarter before): C, D won, E lost → 2 / 3; of 2023-Q2: A won,
/// B lost → 50 %. Overdue tasks are a snapshot without a window: no comparison.
#[test]
fn each_kpi_is_compared_with_the_period_before_and_a_year_before() {
    let deals = "\
Deal ID,Owner,Stage,Amount,Created Date,Close Date
A,Siti,Closed Won,100,2023-04-01,2023-05-01
B,Siti,Closed Lost,100,2023-04-02,2023-06-01
C,Budi,Closed Won,100,2024-01-05,2024-02-01
D,Budi,Closed Won,100,2024-01-06,2024-03-01
E,Budi,Closed Lost,100,2024-01-07,2024-03-15
F,Siti,Closed Won,100,2024-04-02,2024-05-01
";
    let config =
        sales_kpi::Config::from_json(r#"{"from": "2024-04-01", "to": "2024-06-30", "as_of": "2024-06-30"}"#).unwrap();
    let report = sales_kpi::analyze(&[sales_kpi::InputFile::new("deals.csv", deals)], &config).unwrap();
    let win_rate = &report.kpis["win_rate"];
    assert_eq!(win_rate.value, Some(100.0));
    let comparison = win_rate.comparison.as_ref().unwrap();
    let previous = &comparison.previous;
    assert_eq!((previous.from.as_str(), previous.to.as_str()), ("2024-01-01", "2024-03-31"));
    assert_eq!(previous.value, Some(2.0 / 3.0 * 100.0));
    let year_ago = &comparison.year_ago;
    assert_eq!((year_ago.from.as_str(), year_ago.to.as_str()), ("2023-04-01", "2023-06-30"));
    assert_eq!(year_ago.value, Some(50.0));
    assert!(report.kpis["tasks_overdue"].comparison.is_none());
}

/// The deals at risk of a report: (deal id, reason).
fn at_risk(r: &Report) -> Vec<(&str, &str)> {
    r.dashboards.at_risk_deals.iter().map(|a| (a.deal.id.as_str(), a.reason.as_str())).collect()
}

/// The report of `deals` with a stage history in which W1 and W2 stayed in
/// Proposal 10 days each (Jan 1 → Jan 11), so 10 is the usual stay, and
/// `more_history`; as of May 1 (O2 created, the last sales event).
fn with_usual_proposal_stay_of_10_days(deals: &str, more_history: &str) -> Report {
    let history = format!(
        "Deal ID,Stage,Entered Date\nW1,Proposal,2024-01-01\nW1,Closed Won,2024-01-11\n\
        W2,Proposal,2024-01-01\nW2,Closed Won,2024-01-11\n{more_history}"
    );
    let r = report_of(&[
        sales_kpi::InputFile::new("deals.csv", deals),
        sales_kpi::InputFile::new("stage_history.csv", history.as_str()),
    ]);
    assert_eq!(r.as_of, "2024-05-01");
    assert_close(stage_value(&r, "avg_time_in_stage_days", "Proposal"), 10.0, "usual stay in Proposal");
    r
}

/// An open deal in its stage for over twice the usual stay is at risk.
/// Proposal: W1 and W2 stayed 10 days each (Jan 1 → Jan 11), so 10 is
/// usual. As of May 1 (O2 created, the last sales event), O1 has been in
/// Proposal since Jan 1: 31 + 29 + 31 + 30 = 121 days > 2 × 10. O2 entered
/// it that day: 0 days, not at risk.
#[test]
fn a_deal_long_in_its_stage_is_at_risk() {
    let deals = "Deal ID,Owner,Stage,Amount,Created Date,Close Date\n\
        W1,Ana,Closed Won,100,2024-01-01,2024-01-11\nW2,Ana,Closed Won,100,2024-01-01,2024-01-11\n\
        O1,Ana,Proposal,500,2024-01-01,\nO2,Ana,Proposal,300,2024-05-01,\n";
    let r = with_usual_proposal_stay_of_10_days(deals, "O1,Proposal,2024-01-01\nO2,Proposal,2024-05-01\n");
    assert_eq!(at_risk(&r), [("O1", "In stage \"Proposal\" for 121 days, where deals usually stay 10 days.")]);
    assert_eq!(r.dashboards.at_risk_count, 1);
}

/// An open deal with no stage history is judged by the stage it is in and
/// the day it entered it, from the deals file. Proposal's usual stay is 10
/// days (W1 and W2, as above). As of May 1, O3, created Jan 1, entered
/// Proposal on Mar 1: 31 + 30 = 61 days > 2 × 10, at risk for 61 days (not
/// the 121 since it was created). O2 entered it on its first day: 0 days.
#[test]
fn a_deal_without_history_is_in_its_stage_since_it_entered_it() {
    let deals = "Deal ID,Owner,Stage,Amount,Created Date,Close Date,Stage Entered Date\n\
        W1,Ana,Closed Won,100,2024-01-01,2024-01-11,2024-01-11\nW2,Ana,Closed Won,100,2024-01-01,2024-01-11,2024-01-11\n\
        O3,Ana,Proposal,500,2024-01-01,,2024-03-01\nO2,Ana,Proposal,300,2024-05-01,,2024-05-01\n";
    let r = with_usual_proposal_stay_of_10_days(deals, "");
    assert_eq!(at_risk(&r), [("O3", "In stage \"Proposal\" for 61 days, where deals usually stay 10 days.")]);
    assert_eq!(r.dashboards.at_risk_count, 1);
}

/// With neither a stage history nor the day it entered its stage, an open
/// deal is judged by its age against the usual sales cycle: W1 and W2 took
/// 10 days each, so 10 is usual. As of May 1, O1 (created Mar 1) has been
/// open 31 + 30 = 61 days > 2 × 10; O2, created that day, 0 days.
#[test]
fn a_deal_open_far_longer_than_the_usual_cycle_is_at_risk() {
    let deals = "Deal ID,Owner,Stage,Amount,Created Date,Close Date\n\
        W1,Ana,Closed Won,100,2024-01-01,2024-01-11\nW2,Ana,Closed Won,100,2024-01-01,2024-01-11\n\
        O1,Ana,Proposal,500,2024-03-01,\nO2,Ana,Proposal,300,2024-05-01,\n";
    let r = report_of(&[sales_kpi::InputFile::new("deals.csv", deals)]);
    assert_eq!(r.as_of, "2024-05-01");
    assert_close(value(&r, "avg_sales_cycle_days"), 10.0, "usual sales cycle");
    assert_eq!(at_risk(&r), [("O1", "Open for 61 days, over twice the usual sales cycle of 10 days.")]);
}

/// Open deals with no stage (Salesforce's IsClosed and IsWon say they are
/// open) form their own pipeline row, "(no stage)": O2 and O3, 300 + 200,
/// weighted 300 × 20 % + 200 × 100 % (no probability) = 260; Proposal holds O1,
/// 500 weighted at 50 % = 250. With no stage history neither row has a rank,
/// and their amounts are equal: they are in name order.
#[test]
fn open_deals_with_no_stage_form_their_own_pipeline_row() {
    let deals = "Deal ID,Owner,Stage,IsClosed,IsWon,Amount,Probability,Created Date,Close Date\n\
        O1,Ana,Proposal,false,false,500,50,2024-01-01,2024-03-01\n\
        O2,Ana,,false,false,300,20,2024-01-02,2024-03-01\n\
        O3,Ben,,false,false,200,,2024-01-03,2024-03-01\n\
        W1,Ana,Closed Won,true,true,100,100,2024-01-01,2024-01-10\n";
    let r = report_of(&[sales_kpi::InputFile::new("deals.csv", deals)]);
    let stages: Vec<(&str, u64, f64, f64)> =
        r.dashboards.pipeline_by_stage.iter().map(|s| (s.stage.as_str(), s.open_deals, s.amount, s.weighted)).collect();
    assert_eq!(stages, [("(no stage)", 2, 500.0, 260.0), ("Proposal", 1, 500.0, 250.0)]);
}
