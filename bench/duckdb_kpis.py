"""The comparison side of the benchmark: DuckDB (native, from PyPI) reading
the same CSV files and computing a comparable set of KPIs — win rate,
conversion, deal size, sales cycle, new leads, open pipeline and lead age,
each overall, by rep and by quarter, plus activity counts and time in stage.

Usage: python bench/duckdb_kpis.py DIR   (prints one JSON line of results)
"""
import json
import os
import sys

import duckdb

d = sys.argv[1]
db = duckdb.connect()


def csv(name):
    return f"read_csv('{os.path.join(d, name)}', header=true, all_varchar=true)"


db.execute(f"""create table deals as select Owner as owner, Stage as stage, cast(Amount as double) as amount,
    cast("Created Date" as date) as created, cast("Close Date" as date) as closed,
    case when Stage = 'Closed Won' then 'won' when Stage = 'Closed Lost' then 'lost' else 'open' end as status
    from {csv('deals.csv')}""")
as_of = db.execute("select max(closed) from deals where status <> 'open'").fetchone()[0]
results = {}
for group, key in [("all", "'all'"), ("rep", "owner"), ("quarter", "date_trunc('quarter', closed)")]:
    results[group] = db.execute(f"""select {key} as k,
        100.0 * count(*) filter (where status = 'won') / nullif(count(*) filter (where status <> 'open'), 0),
        avg(amount) filter (where status = 'won'),
        avg(closed - created) filter (where status = 'won'),
        count(*) filter (where created is not null)
        from deals group by k""").fetchall()
results["pipeline"] = db.execute(f"""select owner, sum(amount), avg(date '{as_of}' - created), count(*)
    from deals where created <= date '{as_of}' and (status = 'open' or closed > date '{as_of}') group by owner""").fetchall()
if os.path.exists(os.path.join(d, "activities.csv")):
    results["activities"] = db.execute(f"""select Owner, Type, count(*) from {csv('activities.csv')}
        group by all""").fetchall()
if os.path.exists(os.path.join(d, "stage_history.csv")):
    results["stages"] = db.execute(f"""select stage, avg(next - entered) from (
        select Stage as stage, cast("Entered Date" as date) as entered,
        lead(cast("Entered Date" as date)) over (partition by "Deal ID" order by cast("Entered Date" as date)) as next
        from {csv('stage_history.csv')}) group by stage""").fetchall()
print(json.dumps({"groups": {k: len(v) for k, v in results.items()}}))
