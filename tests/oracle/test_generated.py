"""Oracle test: the engine's KPIs on a generated dataset equal the same SPEC
definitions computed independently in DuckDB SQL over the same CSV files.

Run: SALES_KPI_BIN=target/release/sales-kpi python3 -m unittest tests/oracle/test_generated.py
"""
import json
import os
import subprocess
import tempfile
import unittest

import duckdb

BIN = os.environ.get("SALES_KPI_BIN", "target/release/sales-kpi")
REL = 1e-9


def close(a, b, rel=REL, abs_tol=1e-6):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(abs_tol, rel * max(abs(a), abs(b)))


class GeneratedDataset(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="sales-kpi-oracle-")
        subprocess.run([BIN, "generate", "--seed", "11", "--deals", "3000", "--out", cls.dir], check=True, capture_output=True)
        files = sorted(os.path.join(cls.dir, f) for f in os.listdir(cls.dir))
        out = subprocess.run([BIN, "report", *files], check=True, capture_output=True, text=True).stdout
        cls.report = json.loads(out)
        cls.db = duckdb.connect()
        cls.load(cls.db, cls.dir)

    @staticmethod
    def load(db, d):
        def csv(name):
            return f"read_csv('{os.path.join(d, name)}', header=true, all_varchar=true)"

        db.execute(f"""
            create table deals as select
                "Deal ID" as id, Account as account, Owner as owner, Stage as stage,
                cast(Amount as double) as amount,
                cast("Created Date" as date) as created,
                cast("Close Date" as date) as close_raw,
                "Lead Source" as lead_source,
                cast("Probability (%)" as double) as probability,
                cast("Term Months" as double) as term_months,
                "Forecast Category" as forecast_category,
                case when Stage = 'Closed Won' then 'won' when Stage = 'Closed Lost' then 'lost' else 'open' end as status
            from {csv('deals.csv')}""")
        db.execute("""create table d as select *, case when status <> 'open' then close_raw end as closed,
                      case when status = 'open' then close_raw end as expected from deals""")
        db.execute(f"""create table reps as select Rep as rep, cast("Hire Date" as date) as hire,
                       cast(nullif("Termination Date", '') as date) as term,
                       cast("First Outreach Date" as date) as outreach, cast(Quota as double) as quota
                       from {csv('reps.csv')}""")
        db.execute(f"""create table acts as select Owner as owner, Type as type, cast("Created Date" as date) as created,
                       cast(nullif("Due Date", '') as date) as due, cast(nullif("Completed Date", '') as date) as completed,
                       Status as status from {csv('activities.csv')}""")
        db.execute(f"""create table hist as select "Deal ID" as id, Stage as stage, cast("Entered Date" as date) as entered
                       from {csv('stage_history.csv')}""")
        db.execute(f"""create table accounts as select "Account Name" as account, nullif("Referred By", '') as referred_by
                       from {csv('accounts.csv')}""")
        db.execute("""create table events as
            select created as day from d union all select closed from d where status <> 'open'
            union all select entered from hist union all select created from acts union all select completed from acts""")
        db.execute("""create table sel as select min(day) as f, max(day) as t, max(day) as as_of from events where day is not null""")

    def q(self, sql):
        return self.db.execute(sql).fetchone()

    def kpi(self, kpi_id):
        return self.report["kpis"][kpi_id]

    def assert_kpi(self, kpi_id, expected, rel=REL):
        actual = self.kpi(kpi_id)["value"]
        self.assertTrue(close(actual, expected, rel), f"{kpi_id}: engine {actual}, oracle {expected}")

    def test_selection(self):
        f, t, _ = self.q("select * from sel")
        self.assertEqual(self.report["as_of"], str(t))
        self.assertEqual(self.report["selection"]["from"], str(f))

    def test_deal_kpis(self):
        s = "(select * from sel)"
        won = "status = 'won' and closed between f and t"
        self.assert_kpi("new_leads", self.q(f"select count(*) from d, {s} where created between f and t")[0])
        self.assert_kpi("win_rate", self.q(f"""select 100.0 * count(*) filter (where status='won') / count(*)
                                                from d, {s} where status <> 'open' and closed between f and t""")[0])
        self.assert_kpi("conversion_rate", self.q(f"""select 100.0 * count(*) filter (where status='won' and closed between f and t)
                        / count(*) filter (where created <= t and (status = 'open' or closed >= f)) from d, {s}""")[0])
        self.assert_kpi("avg_deal_size", self.q(f"select avg(amount) from d, {s} where {won}")[0])
        self.assert_kpi("acv", self.q(f"select avg(amount / greatest(1, term_months / 12.0)) from d, {s} where {won}")[0], rel=1e-7)
        self.assert_kpi("avg_sales_cycle_days", self.q(f"select avg(closed - created) from d, {s} where {won}")[0])
        self.assert_kpi("avg_lead_age_days", self.q(f"""select avg(as_of - created) from d, {s}
                        where created <= as_of and (status = 'open' or closed > as_of)""")[0])
        value, weighted = self.q(f"""select sum(amount), sum(amount * probability / 100) from d, {s}
                                    where created <= as_of and (status = 'open' or closed > as_of)""")
        self.assert_kpi("pipeline_value", value)
        self.assertTrue(close(self.kpi("pipeline_value")["inputs"]["weighted_value"], weighted, 1e-7))

    def test_comparisons(self):
        """Issue 9: each KPI against the period before and a year before. For 2024-Q2 those are 2024-Q1 and
        2023-Q2, computed here in SQL; for the whole data the period before ends before the first record:
        no value and a note, never 0 %."""
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as config:
            json.dump({"from": "2024-04-01", "to": "2024-06-30"}, config)
        files = sorted(os.path.join(self.dir, f) for f in os.listdir(self.dir))
        out = subprocess.run([BIN, "report", "--config", config.name, *files], check=True, capture_output=True, text=True)
        kpis = json.loads(out.stdout)["kpis"]

        def oracle(f, t):
            w = f"between date '{f}' and date '{t}'"
            return {
                "new_leads": self.q(f"select count(*) from d where created {w}")[0],
                "win_rate": self.q(f"""select 100.0 * count(*) filter (where status = 'won') / count(*)
                                       from d where status <> 'open' and closed {w}""")[0],
                "avg_deal_size": self.q(f"select avg(amount) from d where status = 'won' and closed {w}")[0],
                "avg_sales_cycle_days": self.q(f"select avg(closed - created) from d where status = 'won' and closed {w}")[0],
            }

        for side, (f, t) in {"previous": ("2024-01-01", "2024-03-31"), "year_ago": ("2023-04-01", "2023-06-30")}.items():
            for kpi_id, expected in oracle(f, t).items():
                compared = kpis[kpi_id]["comparison"][side]
                self.assertEqual((compared["from"], compared["to"]), (f, t), kpi_id)
                self.assertTrue(close(compared["value"], expected), f"{kpi_id} {side}: engine {compared['value']}, oracle {expected}")
        first = self.q("select strftime(f, '%Y-%m-%d') from sel")[0]
        before = [(kpi_id, kpi["comparison"]["previous"]) for kpi_id, kpi in self.report["kpis"].items()
                  if kpi.get("comparison") and kpi["comparison"]["previous"]["to"] < first]
        self.assertGreater(len(before), 10, "most KPIs compare the whole data with the two years before it")
        for kpi_id, previous in before:
            self.assertIsNone(previous["value"], f"{kpi_id}: a period before the data has no value")
            self.assertIn("before the first record", previous["note"], kpi_id)

    def test_deal_kpis_by_rep_and_quarter(self):
        rows = self.db.execute("""select owner, 100.0 * count(*) filter (where status='won') / count(*)
                                  from d, sel where status <> 'open' and closed between f and t group by owner""").fetchall()
        by_rep = {r["rep"]: r["value"] for r in self.kpi("win_rate")["by_rep"]}
        self.assertEqual(len(rows), len([v for v in by_rep.values() if v is not None]))
        for owner, rate in rows:
            self.assertTrue(close(by_rep[owner], rate), owner)
        quarters = dict(self.db.execute("""select strftime(created, '%Y') || '-Q' || quarter(created), count(*)
                                           from d, sel where created between f and t group by 1""").fetchall())
        by_period = {p["period"]: p["value"] for p in self.kpi("new_leads")["by_period"]}
        for label, count in quarters.items():
            self.assertEqual(by_period[label], count, label)
        self.assertEqual(sum(v for k, v in by_period.items() if "-Q" in k), self.kpi("new_leads")["value"])

    def test_won_deal_kpis_by_rep_and_rep_quarter(self):
        """Each rep's deal size, ACV and sales cycle, over the selection and per quarter: the
        engine works each out once per rep and window, and keeps it for the next report."""
        means = """avg(amount), avg(amount / greatest(1, term_months / 12.0)), avg(closed - created)"""
        won = "status = 'won' and closed between f and t"
        ids = ["avg_deal_size", "acv", "avg_sales_cycle_days"]
        rows = self.db.execute(f"select owner, {means} from d, sel where {won} group by owner").fetchall()
        quarters = self.db.execute(f"""select owner, strftime(closed, '%Y') || '-Q' || quarter(closed), {means}
                                       from d, sel where {won} group by all""").fetchall()
        for i, kpi_id in enumerate(ids):
            rel = 1e-7 if kpi_id == "acv" else REL
            by_rep = {r["rep"]: r["value"] for r in self.kpi(kpi_id)["by_rep"]}
            self.assertEqual(len(rows), len([v for v in by_rep.values() if v is not None]), kpi_id)
            for owner, *values in rows:
                self.assertTrue(close(by_rep[owner], values[i], rel), f"{kpi_id} {owner}: {by_rep[owner]} {values[i]}")
            by_rep_quarter = {(r["rep"], r["period"]): r["value"] for r in self.kpi(kpi_id)["by_rep_period"]}
            self.assertEqual(len(quarters), len([k for k, v in by_rep_quarter.items() if "-Q" in k[1] and v is not None]))
            for owner, quarter, *values in quarters:
                actual = by_rep_quarter[(owner, quarter)]
                self.assertTrue(close(actual, values[i], rel), f"{kpi_id} {owner} {quarter}: {actual} {values[i]}")

    def test_rep_kpis(self):
        year_start = "greatest(f, make_date(year(t), 1, 1))"
        at_start, at_end, hired = self.q(f"""select
            count(*) filter (where hire <= {year_start} and (term is null or term > {year_start})),
            count(*) filter (where hire <= t and (term is null or term > t)),
            count(*) filter (where hire between {year_start} and t) from reps, sel""")
        self.assert_kpi("rep_retention", 100.0 * (at_end - hired) / at_start)
        self.assert_kpi("avg_ramp_days", self.q("select avg(outreach - hire) from reps, sel where hire between f and t")[0])

    def test_quota_attainment(self):
        # Quarterly quota prorated by the days of each quarter inside the selection and the employment.
        quota = self.q("""
            with q as (select unnest(generate_series(date_trunc('quarter', f), t, interval 3 month))::date as qs from sel),
            qb as (select qs, (qs + interval 3 month)::date - 1 as qe from q)
            select sum(quota * greatest(0, (least(qe, t, coalesce(term - 1, t)) - greatest(qs, f, hire) + 1))
                       / (qe - qs + 1)) from reps, qb, sel""")[0]
        won = self.q("""select sum(amount) from d, sel where status = 'won' and closed between f and t
                        and owner in (select rep from reps)""")[0]
        self.assert_kpi("quota_attainment", 100.0 * won / quota)

    def customers_sql(self):
        return """
            with w as (select *, row_number() over (partition by account order by closed, id) as n
                       from d where status = 'won' and account is not null and closed is not null),
            c as (select account, min(closed) as since, max(closed) as last_won from w group by account),
            f as (select account, lead_source from w where n = 1)
            select c.account, since, case when last_won + 365 <= (select as_of from sel) then last_won + 365 end as churn,
                   (lower(f.lead_source) like '%referral%' or a.referred_by is not null) as referral
            from c join f using (account) left join accounts a using (account)"""

    def test_customer_kpis(self):
        self.db.execute(f"create or replace table cust as {self.customers_sql()}")
        ys = "greatest(f, make_date(year(t), 1, 1))"
        at_start, at_end, new = self.q(f"""select
            count(*) filter (where since <= {ys} and (churn is null or churn > {ys})),
            count(*) filter (where since <= t and (churn is null or churn > t)),
            count(*) filter (where since between {ys} and t) from cust, sel""")
        retention = 100.0 * (at_end - new) / at_start
        self.assert_kpi("customer_retention", retention)
        self.assert_kpi("customer_churn", 100.0 - retention)
        self.assert_kpi("referrals", self.q("select count(*) from cust, sel where referral and since between f and t")[0])
        won_count, avg_value = self.q("select count(*), avg(amount) from d, sel where status = 'won' and closed between f and t")
        customers, lifespan = self.q("""select count(*), avg(least(coalesce(churn, as_of), as_of) - since) / 365.25
                                        from cust, sel where since <= t and (churn is null or churn > f)""")
        years = self.q("select (t - f + 1) / 365.25 from sel")[0]
        self.assert_kpi("clv", avg_value * (won_count / customers / years) * lifespan, rel=1e-9)

    def test_tasks(self):
        overdue, total, completed = self.q("""select
            count(*) filter (where not done and due < as_of), count(*), count(*) filter (where done)
            from (select *, coalesce(completed <= (select as_of from sel), lower(status) in ('completed', 'done')) as done
                  from acts where type = 'Task'), sel""")
        self.assert_kpi("tasks_overdue", overdue)
        self.assertEqual(self.kpi("tasks_overdue")["inputs"], {"total_tasks": total, "completed_tasks": completed})

    def test_activity_totals(self):
        """Team Activity's tiles: every activity by type, and the tasks done and overdue as of the as-of date."""
        calls, emails, meetings, tasks, completed, overdue = self.q("""select
            count(*) filter (where type = 'Call'), count(*) filter (where type = 'Email'),
            count(*) filter (where type = 'Meeting'), count(*) filter (where type = 'Task'),
            count(*) filter (where type = 'Task' and done), count(*) filter (where type = 'Task' and not done and due < as_of)
            from (select *, coalesce(completed <= (select as_of from sel), lower(status) in ('completed', 'done')) as done
                  from acts), sel""")
        totals = self.report["dashboards"]["activity_totals"]
        self.assertEqual(
            {k: totals[k] for k in ["calls", "emails", "meetings", "tasks", "tasks_completed", "tasks_overdue", "other"]},
            {"calls": calls, "emails": emails, "meetings": meetings, "tasks": tasks,
             "tasks_completed": completed, "tasks_overdue": overdue, "other": 0})

    def test_forecast(self):
        """The quarter and the year holding the as-of date: won so far + the open deals expected to close in
        the period, in the Commit and Best Case forecast categories (the generator writes the column)."""
        rows = self.db.execute("""
            with p as (
                select date_trunc('quarter', as_of)::date as f,
                       (date_trunc('quarter', as_of) + interval 3 month - interval 1 day)::date as t, as_of from sel
                union all
                select date_trunc('year', as_of)::date,
                       (date_trunc('year', as_of) + interval 1 year - interval 1 day)::date, as_of from sel),
            o as (select * from d, sel where status = 'open' and (created is null or created <= sel.as_of))
            select strftime(f, '%Y-%m-%d'), strftime(t, '%Y-%m-%d'),
                (select coalesce(sum(amount), 0) from d where status = 'won' and closed between p.f and least(p.t, p.as_of)),
                (select coalesce(sum(amount), 0) from o where forecast_category = 'Commit' and expected between p.f and p.t),
                (select coalesce(sum(amount), 0) from o where forecast_category = 'Best Case' and expected between p.f and p.t)
            from p order by t - f""").fetchall()
        forecast = self.report["dashboards"]["forecast"]
        self.assertEqual(forecast["method"], "forecast_category")
        self.assertEqual([(p["from"], p["to"]) for p in forecast["periods"]], [(f, t) for f, t, _, _, _ in rows])
        for period, (_, _, won, commit, best) in zip(forecast["periods"], rows):
            got = (period["won"], period["commit"], period["best_case"], period["forecast"])
            self.assertTrue(all(close(a, b) for a, b in zip(got, (won, commit, best, won + commit + best))),
                            f"{period['period']}: engine {got}, oracle {(won, commit, best)}")
            self.assertGreater(commit + best, 0, "the generated data has deals in both categories")

    def test_stage_kpis(self):
        terminal = "('Closed Won', 'Closed Lost')"
        order = [r[0] for r in self.db.execute(f"""
            select stage from (select stage, row_number() over (partition by id order by entered) - 1 as pos
                               from hist where stage not in {terminal}) group by stage order by avg(pos), lower(stage)""").fetchall()]
        self.assertEqual([s["stage"] for s in self.kpi("stage_conversion")["by_stage"]], order)
        first = order[0]
        self.assert_kpi("stage_conversion", self.q(f"""
            select 100.0 * count(*) filter (where d.status = 'won' and d.closed <= t) / count(*)
            from (select distinct id from hist, sel where stage = '{first}' and entered between f and t) h
            join d using (id), sel""")[0])
        rank = {s: i for i, s in enumerate(order)}
        self.db.execute("create or replace table ranks(stage varchar, r int)")
        self.db.executemany("insert into ranks values (?, ?)", list(rank.items()))
        by_stage = {s["stage"]: s["value"] for s in self.kpi("stage_conversion")["by_stage"]}
        for stage, share in self.db.execute(f"""
            with e as (select h.id, h.stage, min(h.entered) as entered from hist h, sel
                       where h.stage in (select stage from ranks) and h.entered between f and t group by h.id, h.stage)
            select e.stage, 100.0 * count(*) filter (where
                   (d.status = 'won' and d.closed <= (select t from sel)) or exists (
                   select 1 from hist h2 join ranks r2 on r2.stage = h2.stage join ranks r1 on r1.stage = e.stage
                   where h2.id = e.id and r2.r > r1.r and h2.entered >= e.entered and h2.entered <= (select t from sel)))
                   / count(*) from e join d using (id) group by e.stage""").fetchall():
            self.assertTrue(close(by_stage[stage], share), stage)
        stays = self.db.execute(f"""
            with h as (select h.*, lead(entered) over (partition by id order by entered) as next from hist h)
            select h.stage, avg(coalesce(next, case when d.status <> 'open' then d.closed end) - entered)
            from h join d using (id), sel
            where h.stage not in {terminal} and entered between f and t
              and coalesce(next, case when d.status <> 'open' then d.closed end) <= t
            group by h.stage""").fetchall()
        by_stage = {s["stage"]: s["value"] for s in self.kpi("avg_time_in_stage_days")["by_stage"]}
        for stage, days in stays:
            self.assertTrue(close(by_stage[stage], days), stage)

    def test_rows_are_all_accounted_for(self):
        for f in self.report["quality"]["files"]:
            self.assertEqual(f["rows_read"], f["rows_used"] + f["rows_rejected"] + f["rows_skipped"], f["name"])
            self.assertEqual(f["rows_rejected"], 0, f["name"])


if __name__ == "__main__":
    unittest.main()
