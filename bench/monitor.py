"""The monitor at national scale: the dashboard, a full recompute, and DuckDB beside it.

Run against PostgreSQL filled by `dwarsverbinder generate --episodes-per-person 21` (see
bench/README.md, "The monitor at national scale"). Three measurements:

1. the dashboard: ``monitor_positions`` for one RMC region and one cohort at 12 months,
   grouped by municipality and not grouped, as the median of repeated runs (target: well
   under a second);
2. a full recompute: ``engine.compute_horizons`` for every cohort and every horizon of the
   definition (each with all its breakdowns), once;
3. the same aggregation in DuckDB over the same data exported to Parquet (the export is
   timed on its own); DuckDB's counts must equal the engine's for every cohort, horizon,
   breakdown and group, and the script prints the ratio PostgreSQL engine / DuckDB.

Environment (all optional):

- ``BENCH_REPEAT`` (7): runs of each dashboard query; the median is printed.
- ``BENCH_REGION`` ("gen-rmc-0"): the code of the dashboard's RMC region.
- ``BENCH_COHORT``: the dashboard's cohort; by default the newest whose leavers have all
  reached 12 months on ``BENCH_TODAY``.
- ``BENCH_COHORTS`` ("all"): the cohorts of the full recompute, "all", a number N for the
  newest N, or a comma-separated list ("2022-2023,2023-2024"). DuckDB runs the same ones.
- ``BENCH_DUCKDB_REPEAT`` (3): runs of the DuckDB aggregation; the median is used.
- ``BENCH_TODAY`` (the generator's today, 2026-10-01): the date the monitor counts on.
- ``BENCH_PARQUET_DIR``: keep the Parquet files there (default: a temporary directory,
  removed at the end).

Exit status 1 when DuckDB and the engine disagree.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Hashable
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwarsverbinder.conf.settings")

import django  # noqa: E402

django.setup()

import duckdb  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.csv as pa_csv  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from django.db import connection  # noqa: E402

from dwarsverbinder.demo.generator import TODAY  # noqa: E402
from dwarsverbinder.monitor import engine  # noqa: E402
from dwarsverbinder.monitor.definitions import Definition, get_definition  # noqa: E402
from dwarsverbinder.monitor.selectors import monitor_positions  # noqa: E402
from dwarsverbinder.network.models import Region  # noqa: E402
from dwarsverbinder.people.cohorts import cohort_label  # noqa: E402
from dwarsverbinder.people.models import Person, SchoolCareer, StatusEpisode  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
DUCKDB_REPEAT = int(os.environ.get("BENCH_DUCKDB_REPEAT", "3"))
REGION = os.environ.get("BENCH_REGION", "gen-rmc-0")
BENCH_TODAY = datetime.date.fromisoformat(os.environ.get("BENCH_TODAY", TODAY.isoformat()))
DASHBOARD_HORIZON = 12
# The engine's breakdowns that DuckDB computes too, with the column each groups by.
COLUMNS = {
    "region": "region",
    "municipality": "municipality",
    "school": "school_id",
    "programme_type": "programme_type",
    "level": "level",
    "gender": "gender",
}

# Key: (cohort, horizon, group_by, group key); value: (total, positions, flag, lasting).
Counts = dict[tuple[str, int, str, Hashable], tuple]


def median_ms(work: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median, fastest and slowest of ``repeat`` runs after one warm-up, in ms."""
    work()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples), max(samples)


def all_cohorts(definition: Definition) -> list[str]:
    """Every school year in which someone left a career in scope, oldest first."""
    days = (
        SchoolCareer.objects.filter(definition.scope.q(), leave_date__isnull=False)
        .order_by()
        .values_list("leave_date", flat=True)
        .distinct()
    )
    return sorted({cohort_label(day) for day in days})


def chosen_cohorts(definition: Definition) -> list[str]:
    cohorts = all_cohorts(definition)
    wanted = os.environ.get("BENCH_COHORTS", "all").strip()
    if wanted == "all":
        return cohorts
    if wanted.isdigit():
        return cohorts[-int(wanted) :]
    return [c.strip() for c in wanted.split(",") if c.strip()]


def dashboard_cohort() -> str:
    """The newest cohort whose last leavers reached 12 months before BENCH_TODAY."""
    if cohort := os.environ.get("BENCH_COHORT"):
        return cohort
    start = BENCH_TODAY.year - (2 if BENCH_TODAY.month >= 8 else 3)
    return f"{start}-{start + 1}"


def bench_dashboard() -> None:
    region = Region.objects.get(code=REGION)
    cohort = dashboard_cohort()
    filters = engine.Filters(region=region.pk)
    members = len(
        engine.cohort_members(cohort=cohort, scope=get_definition().scope, filters=filters)
    )
    print(f"dashboard: region {region.code}, cohort {cohort}, {members:,} members, 12 months")
    for group_by in ("municipality", engine.NONE):

        def work(group_by: str = group_by) -> object:
            return monitor_positions(
                cohort=cohort,
                horizon=DASHBOARD_HORIZON,
                group_by=group_by,
                filters=filters,
                today=BENCH_TODAY,
            )

        mid, low, high = median_ms(work, REPEAT)
        print(
            f"  monitor_positions group_by={group_by:13} median {mid:7.1f} ms"
            f"   (fastest {low:.1f}, slowest {high:.1f}; {REPEAT} runs; target well under 1 s)"
        )


def engine_counts(raw: engine.RawPositions) -> Counts:
    counts: Counts = {}
    positions = raw.definition.positions
    for group_by in (engine.NONE, *COLUMNS):
        for key, group in raw.groups(group_by).items():
            if group.total:
                row = (group.total, tuple(group.positions[p] for p in positions))
                counts[(raw.cohort, raw.horizon, group_by, key)] = (*row, group.flag, group.lasting)
    return counts


def bench_recompute(definition: Definition, cohorts: list[str]) -> tuple[float, Counts]:
    """engine.compute_horizons for every cohort (all horizons in one pass); the seconds and
    the counts."""
    counts: Counts = {}
    print(f"full recompute on PostgreSQL: {len(cohorts)} cohorts x {len(definition.horizons)}")
    started = time.perf_counter()
    for cohort in cohorts:
        begun = time.perf_counter()
        members = 0
        for raw in engine.compute_horizons(cohort=cohort, today=BENCH_TODAY).values():
            members = max(members, raw.overall.total)
            counts.update(engine_counts(raw))
        print(f"  {cohort}: {members:7,} counted, {time.perf_counter() - begun:7.1f} s", flush=True)
    return time.perf_counter() - started, counts


# What goes to Parquet: (file, model, columns, Arrow types).
EXPORTS = (
    (
        "people",
        Person,
        ("id", "municipality_id", "gender"),
        (pa.int64(), pa.int64(), pa.string()),
    ),
    ("regions", Region, ("id", "rmc_region_id"), (pa.int64(), pa.int64())),
    (
        "careers",
        SchoolCareer,
        (
            "id",
            "person_id",
            "school_id",
            "programme_type",
            "level",
            "leave_date",
            "startkwalificatie",
        ),
        (pa.int64(), pa.int64(), pa.int64(), pa.string(), pa.int64(), pa.date32(), pa.bool_()),
    ),
    (
        "episodes",
        StatusEpisode,
        ("person_id", "kind", "start_date", "end_date", "last_confirmed"),
        (pa.int64(), pa.string(), pa.date32(), pa.date32(), pa.date32()),
    ),
)


def _export_one(name: str, model, columns: tuple, types: tuple, directory: Path) -> int:
    """COPY the columns out as CSV, then CSV to Parquet in batches; the number of rows."""
    table = model._meta.db_table
    source = directory / f"{name}.csv"
    with source.open("wb") as out, connection.cursor() as cursor:
        # Table and column names come from the models, never from input.
        sql = f"COPY (SELECT {', '.join(columns)} FROM {table}) TO STDOUT (FORMAT csv)"
        with cursor.cursor.copy(sql) as copy:
            for data in copy:
                out.write(data)
    schema = pa.schema(list(zip(columns, types, strict=True)))
    reader = pa_csv.open_csv(
        source,
        read_options=pa_csv.ReadOptions(column_names=list(columns), block_size=1 << 24),
        convert_options=pa_csv.ConvertOptions(
            # PostgreSQL writes booleans as t and f.
            column_types=schema,
            true_values=["t"],
            false_values=["f"],
        ),
    )
    rows = 0
    with pq.ParquetWriter(directory / f"{name}.parquet", schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    source.unlink()
    return rows


def export_parquet(directory: Path) -> float:
    started = time.perf_counter()
    for name, model, columns, types in EXPORTS:
        rows = _export_one(name, model, columns, types, directory)
        print(f"  {name:9} {rows:12,} rows")
    return time.perf_counter() - started


def _literals(values) -> str:
    """SQL literals of the definition's constants (never user input)."""
    return ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in sorted(values))


def _scope_sql(definition: Definition) -> str:
    scope = definition.scope
    clauses = [
        f"programme_type IN ({_literals(scope.programme_types)})",
        f"(programme_type IN ({_literals(scope.levelled_programme_types)})"
        f" AND level IN ({_literals(scope.levels)}))",
    ]
    if scope.without_startkwalificatie:
        clauses.append("NOT startkwalificatie")
    return " OR ".join(clauses)


def aggregation_sql(definition: Definition) -> str:
    """Definition v1 as one DuckDB query: every cohort (parameter 1, school years by their
    first calendar year) at every horizon, grouped by every breakdown at once."""
    ranks = " ".join(
        f"WHEN '{kind}' THEN {rank}" for rank, kind in enumerate(definition.position_order)
    )
    unknown = len(definition.position_order)
    months = sorted({*definition.horizons, *definition.lasting_horizons})
    lasting_ranks = _literals(definition.positions.index(p) for p in definition.lasting_positions)
    lasting_at = " AND ".join(
        f"max(rank) FILTER (WHERE months = {h}) IN ({lasting_ranks})"
        for h in definition.lasting_horizons
    )
    counted = ", ".join(f"count_if(rank = {i}) AS p{i}" for i in range(len(definition.positions)))
    keys = ", ".join(COLUMNS.values())
    sets = ", ".join(
        ["(start_year, horizon)"] + [f"(start_year, horizon, {c})" for c in COLUMNS.values()]
    )
    return f"""
    WITH members AS (
        SELECT c.person_id, c.leave_date, c.school_id, c.programme_type, c.level,
               year(c.leave_date) - CASE WHEN month(c.leave_date) >= 8 THEN 0 ELSE 1 END
                   AS start_year,
               p.municipality_id AS municipality, r.rmc_region_id AS region,
               nullif(p.gender, '') AS gender
        FROM careers c
        JOIN people p ON p.id = c.person_id
        LEFT JOIN regions r ON r.id = p.municipality_id
        WHERE c.leave_date IS NOT NULL AND ({_scope_sql(definition)})
          AND start_year IN (SELECT unnest($1::INTEGER[]))
        QUALIFY row_number() OVER (
            PARTITION BY c.person_id, start_year ORDER BY c.leave_date DESC, c.id DESC) = 1
    ),
    days AS (
        SELECT person_id, start_year, months,
               CAST(leave_date + to_months(months) AS DATE) AS day
        FROM members, (SELECT unnest({months}) AS months)
    ),
    positions AS (
        SELECT d.person_id, d.start_year, d.months, d.day,
               coalesce(min(CASE e.kind {ranks} END), {unknown}) AS rank,
               coalesce(bool_or(e.kind IN ({_literals(definition.flags)})), false) AS flag
        FROM days d
        LEFT JOIN episodes e
          ON e.person_id = d.person_id AND e.start_date <= d.day
         AND d.day <= coalesce(e.end_date, e.last_confirmed + {definition.stale_after.days})
        GROUP BY ALL
    ),
    lasting AS (
        SELECT person_id, start_year, {lasting_at} AS lasting
        FROM positions GROUP BY ALL
    ),
    outcomes AS (
        SELECT m.*, p.months AS horizon, p.rank, p.flag,
               CASE WHEN p.months >= {max(definition.lasting_horizons)}
                    THEN l.lasting::INTEGER END AS lasting
        FROM positions p
        JOIN members m USING (person_id, start_year)
        JOIN lasting l USING (person_id, start_year)
        WHERE p.months IN ({_literals(definition.horizons)}) AND p.day < $2
    )
    SELECT start_year, horizon, GROUPING({keys}) AS grouping, {keys},
           count(*) AS total, {counted}, count_if(flag) AS flag, sum(lasting) AS lasting
    FROM outcomes
    GROUP BY GROUPING SETS ({sets})
    """


def duckdb_counts(rows: list[tuple], definition: Definition) -> Counts:
    """DuckDB's rows as the engine's counts. GROUPING() has a bit per key column, set when
    the column is not grouped (the first column is the highest bit)."""
    names = list(COLUMNS)
    width = len(names)
    positions = len(definition.positions)
    counts: Counts = {}
    for start_year, horizon, grouping, *rest in rows:
        keys, figures = rest[:width], rest[width:]
        grouped = [i for i in range(width) if not grouping & (1 << (width - 1 - i))]
        group_by, key = (names[grouped[0]], keys[grouped[0]]) if grouped else (engine.NONE, None)
        total, *per_position = figures[: 1 + positions]
        flag, lasting = figures[1 + positions :]
        cohort = f"{start_year}-{start_year + 1}"
        counts[(cohort, horizon, group_by, key)] = (total, tuple(per_position), flag, lasting)
    return counts


def bench_duckdb(directory: Path, definition: Definition, cohorts: list[str]) -> tuple:
    """The median seconds of the aggregation and its counts."""
    db = duckdb.connect()
    for name, *_ in EXPORTS:
        path = str(directory / f"{name}.parquet").replace("'", "''")
        db.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    sql = aggregation_sql(definition)
    years = [int(c.split("-")[0]) for c in cohorts]
    samples, rows = [], []
    for _ in range(DUCKDB_REPEAT):
        started = time.perf_counter()
        rows = db.execute(sql, [years, BENCH_TODAY]).fetchall()
        samples.append(time.perf_counter() - started)
    threads = db.execute("SELECT current_setting('threads')").fetchone()[0]
    runs = ", ".join(f"{s:.2f} s" for s in samples)
    print(f"  DuckDB {duckdb.__version__}, {threads} threads: {runs}")
    return statistics.median(samples), duckdb_counts(rows, definition)


def compare(ours: Counts, theirs: Counts) -> bool:
    """Print whether the two agree; every difference up to ten."""
    keys = sorted(ours.keys() | theirs.keys(), key=repr)
    wrong = [k for k in keys if ours.get(k) != theirs.get(k)]
    pairs = {(k[0], k[1]) for k in ours}
    if not wrong:
        print(
            f"  DuckDB equals the engine: {len(pairs)} cohort x horizon pairs, "
            f"{len(keys):,} groups (total, positions, care flag, lasting outflow)"
        )
        return True
    print(f"  MISMATCH: {len(wrong):,} of {len(keys):,} groups differ, for example:")
    for key in wrong[:10]:
        print(f"    {key}: engine {ours.get(key)}  DuckDB {theirs.get(key)}")
    return False


def main() -> int:
    definition = get_definition()
    people, episodes = Person.objects.count(), StatusEpisode.objects.count()
    print(
        f"people {people:,}, school careers {SchoolCareer.objects.count():,}, status episodes "
        f"{episodes:,}; definition {definition.version}; today {BENCH_TODAY}"
    )
    bench_dashboard()
    cohorts = chosen_cohorts(definition)
    engine_seconds, ours = bench_recompute(definition, cohorts)
    print(f"  engine total {engine_seconds:.1f} s")
    with tempfile.TemporaryDirectory(prefix="dwv-monitor-") as scratch:
        directory = Path(os.environ.get("BENCH_PARQUET_DIR") or scratch)
        directory.mkdir(parents=True, exist_ok=True)
        print(f"export to Parquet ({directory}):")
        export_seconds = export_parquet(directory)
        print(f"  export total {export_seconds:.1f} s")
        print("the same aggregation in DuckDB over Parquet:")
        duck_seconds, theirs = bench_duckdb(directory, definition, cohorts)
    agree = compare(ours, theirs)
    print(
        f"full recompute: engine on PostgreSQL {engine_seconds:.1f} s, DuckDB {duck_seconds:.2f} s"
        f" (median of {DUCKDB_REPEAT}): ratio {engine_seconds / duck_seconds:.0f}; with the "
        f"export, DuckDB {export_seconds + duck_seconds:.1f} s: ratio "
        f"{engine_seconds / (export_seconds + duck_seconds):.1f}"
    )
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
