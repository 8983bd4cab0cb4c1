"""The Maven CRM export (../shared/datasets/maven-crm), exactly as it is, gives
the figures DuckDB SQL computes from SPEC's definitions over the same files.

When ../shared is absent the suite says so loudly and is skipped.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import duckdb

BIN = os.environ.get("SALES_KPI_BIN", "target/release/sales-kpi")
MAVEN = os.environ.get("MAVEN_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "datasets", "maven-crm"))
FILES = ["sales_pipeline.csv", "sales_teams.csv", "accounts.csv", "products.csv", "data_dictionary.csv"]


def close(a, b, rel=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(1e-6, rel * max(abs(a), abs(b)))


@unittest.skipUnless(os.path.isdir(MAVEN), "MAVEN CRM DATASET NOT FOUND")
class Maven(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        paths = [os.path.join(MAVEN, f) for f in FILES]
        out = subprocess.run([BIN, "report", *paths], check=True, capture_output=True, text=True).stdout
        cls.report = json.loads(out)
        cls.db = duckdb.connect()
        p = os.path.join(MAVEN, "sales_pipeline.csv")
        cls.db.execute(f"""create table d as select opportunity_id as id, sales_agent as owner, product, account,
            deal_stage as stage, cast(engage_date as date) as created,
            case when deal_stage in ('Won', 'Lost') then cast(close_date as date) end as closed,
            cast(close_value as double) as amount,
            case deal_stage when 'Won' then 'won' when 'Lost' then 'lost' else 'open' end as status
            from read_csv('{p}', header=true, all_varchar=true)""")
        cls.db.execute("""create table sel as select min(day) as f, max(day) as t, max(day) as as_of from
            (select created as day from d union all select closed from d) where day is not null""")

    def q(self, sql):
        return self.db.execute(sql).fetchone()

    def value(self, kpi):
        return self.report["kpis"][kpi]["value"]

    def check(self, kpi, expected):
        self.assertTrue(close(self.value(kpi), expected), f"{kpi}: engine {self.value(kpi)}, oracle {expected}")

    def test_as_of_and_periods(self):
        f, t, _ = self.q("select * from sel")
        self.assertEqual((self.report["selection"]["from"], self.report["as_of"]), (str(f), str(t)))
        self.assertEqual((str(f), str(t)), ("2016-10-20", "2017-12-31"))
        labels = [p["period"] for p in self.report["kpis"]["new_leads"]["by_period"]]
        self.assertEqual(labels, ["2016", "2016-Q4", "2017", "2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4"])

    def test_headline_figures(self):
        won_where = "status = 'won' and closed between f and t"
        self.check("new_leads", self.q("select count(*) from d, sel where created between f and t")[0])
        self.check("win_rate", self.q("""select 100.0 * count(*) filter (where status = 'won') / count(*)
                                        from d, sel where status <> 'open' and closed between f and t""")[0])
        self.check("conversion_rate", self.q("""select 100.0 * count(*) filter (where status='won' and closed between f and t)
                     / count(*) filter (where (created is null or created <= t) and (status = 'open' or closed >= f)) from d, sel""")[0])
        self.check("avg_deal_size", self.q(f"select avg(amount) from d, sel where {won_where}")[0])
        self.check("acv", self.q(f"select avg(amount) from d, sel where {won_where}")[0])
        self.check("avg_sales_cycle_days", self.q(f"select avg(closed - created) from d, sel where {won_where}")[0])
        self.check("avg_lead_age_days", self.q("""select avg(as_of - created) from d, sel where created <= as_of
                                                 and (status = 'open' or closed > as_of)""")[0])

    def test_comparisons(self):
        """Issue 9: 2017-Q3 against 2017-Q2 (computed here in SQL) and against 2016-Q3, which ends before
        the first record (2016-10-20): no value and a note, never 0 %."""
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as config:
            json.dump({"from": "2017-07-01", "to": "2017-09-30"}, config)
        paths = [os.path.join(MAVEN, f) for f in FILES]
        out = subprocess.run([BIN, "report", "--config", config.name, *paths], check=True, capture_output=True, text=True)
        kpis = json.loads(out.stdout)["kpis"]
        w = "between date '2017-04-01' and date '2017-06-30'"
        expected = {
            "new_leads": self.q(f"select count(*) from d where created {w}")[0],
            "win_rate": self.q(f"""select 100.0 * count(*) filter (where status = 'won') / count(*)
                                   from d where status <> 'open' and closed {w}""")[0],
            "avg_deal_size": self.q(f"select avg(amount) from d where status = 'won' and closed {w}")[0],
            "avg_sales_cycle_days": self.q(f"select avg(closed - created) from d where status = 'won' and closed {w}")[0],
        }
        for kpi_id, value in expected.items():
            comparison = kpis[kpi_id]["comparison"]
            previous, year_ago = comparison["previous"], comparison["year_ago"]
            self.assertEqual((previous["from"], previous["to"]), ("2017-04-01", "2017-06-30"))
            self.assertTrue(close(previous["value"], value), f"{kpi_id}: engine {previous['value']}, oracle {value}")
            self.assertEqual((year_ago["from"], year_ago["to"], year_ago["value"]), ("2016-07-01", "2016-09-30", None))
            self.assertIn("before the first record (2016-10-20)", year_ago["note"], kpi_id)

    def test_hand_checked_figures(self):
        # 4,238 won and 2,473 lost deals: 4238 / 6711 = 63.15%.
        kpi = self.report["kpis"]["win_rate"]
        self.assertEqual(kpi["inputs"], {"won": 4238, "lost": 2473})
        self.assertAlmostEqual(kpi["value"], 63.150052, places=5)
        # 8,800 deals of which 500 prospects have no engage date.
        self.assertEqual(self.value("new_leads"), 8300)

    def test_nulls_have_reasons(self):
        pipeline = self.report["kpis"]["pipeline_value"]
        self.assertIsNone(pipeline["value"])
        self.assertIn("none has an amount", pipeline["note"])
        self.assertEqual(pipeline["inputs"]["open_deals"], self.q("select count(*) from d where status = 'open'")[0])
        for kpi in ["quota_attainment", "rep_retention", "tasks_overdue", "stage_conversion", "referrals"]:
            self.assertIsNone(self.value(kpi), kpi)
            self.assertIn("needs", self.report["kpis"][kpi]["note"], kpi)
        # The first won close is 2017-03-01: no customer was active on 2017-01-01.
        self.assertIsNone(self.value("customer_retention"))
        self.assertEqual(self.report["kpis"]["customer_retention"]["by_period"][0]["period"], "2016")

    def test_clv(self):
        cust = """with w as (select account, min(closed) as since, max(closed) as last_won from d
                             where status = 'won' and account is not null group by account)
                  select account, since, case when last_won + 365 <= (select as_of from sel) then last_won + 365 end as churn from w"""
        self.db.execute(f"create or replace table cust as {cust}")
        won, avg_value = self.q("select count(*), avg(amount) from d, sel where status = 'won' and closed between f and t")
        customers, lifespan = self.q("""select count(*), avg(least(coalesce(churn, as_of), as_of) - since) / 365.25
                                        from cust, sel where since <= t and (churn is null or churn > f)""")
        years = self.q("select (t - f + 1) / 365.25 from sel")[0]
        self.check("clv", avg_value * won / customers / years * lifespan)

    def test_by_rep_and_region(self):
        rows = dict(self.db.execute("""select owner, avg(amount) from d, sel where status = 'won'
                                       and closed between f and t group by owner""").fetchall())
        by_rep = {r["rep"]: r["value"] for r in self.report["kpis"]["avg_deal_size"]["by_rep"]}
        for owner, size in rows.items():
            self.assertTrue(close(by_rep[owner], size), owner)
        teams = os.path.join(MAVEN, "sales_teams.csv")
        regions = dict(self.db.execute(f"""select regional_office, sum(amount) from d
            join read_csv('{teams}', header=true) t on t.sales_agent = d.owner where status = 'won' group by 1""").fetchall())
        engine = {r["key"]: r["won_amount"] for r in self.report["dashboards"]["won_by_region"]}
        self.assertEqual(engine, {k: float(v) for k, v in regions.items()})

    def test_quality(self):
        files = {f["name"]: f for f in self.report["quality"]["files"]}
        pipeline = files["sales_pipeline.csv"]
        self.assertEqual((pipeline["kind"], pipeline["rows_read"], pipeline["rows_used"]), ("deals", 8800, 8800))
        self.assertEqual(pipeline["mapping"]["created_date"], "engage_date")
        self.assertEqual(files["data_dictionary.csv"]["kind"], "unknown")
        self.assertEqual(files["sales_teams.csv"]["kind"], "reps")
        for f in files.values():
            self.assertEqual(f["rows_read"], f["rows_used"] + f["rows_rejected"] + f["rows_skipped"], f["name"])
        counts = self.report["quality"]["counts"]
        self.assertEqual(counts["deals_without_created_date"], self.q("select count(*) from d where created is null")[0])
        self.assertEqual(counts["deals_without_account"], self.q("select count(*) from d where account is null")[0])
        self.assertEqual(pipeline["rows_flagged"], self.q("select count(*) from d where created is null or account is null")[0])
        near = self.report["quality"]["near_misses"]
        self.assertEqual([(n["found"], n["known"]) for n in near], [("GTXPro", "GTX Pro")])
        self.assertEqual(near[0]["rows"], self.q("select count(*) from d where product = 'GTXPro'")[0])


if __name__ == "__main__":
    if not os.path.isdir(MAVEN):
        print(f"WARNING: {MAVEN} is absent; the Maven CRM suite is SKIPPED", file=sys.stderr)
    unittest.main()
