"""Benchmark of the dashboards at national size: fill a fresh database, then time every page.

    .venv/bin/python bench/dashboards.py                      # SQLite file /tmp/plan808_bench.sqlite3
    .venv/bin/python bench/dashboards.py --database-url postgres://postgres@127.0.0.1:5432/plan808_bench
    .venv/bin/python bench/dashboards.py --requests 50 --write   # and rewrite the table in bench/README.md

The fill: the plan of Decision 808 and the demo data of seed_demo (``reporting.demo.seed``): its 8
periods (2022-H1 … 2025-FY), every agency the obligations expect in each (63 provincial DOLISAs and
the central agencies) with a fate of its own (most accepted and on time, some late, returned,
submitted, drafts or missing), every figure of its targets and every task's progress, and task
status updates of the central agencies. Each page is then requested with django.test.Client
(the whole middleware stack, in-process, so the time is the server's) and timed against a trivial
view of the same stack, cold (cache generation bumped before each request) and warm (cached).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="sqlite:////tmp/plan808_bench.sqlite3")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page and mode")
    parser.add_argument("--keep", action="store_true", help="reuse the filled database if it exists")
    parser.add_argument("--write", action="store_true", help="write the result table into bench/README.md")
    return parser.parse_args()


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan808.settings")
    import django

    django.setup()


def fresh_database(database_url: str, keep: bool) -> bool:
    """Drop and recreate the bench database; True when it must be filled."""
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        if path.exists() and keep:
            return False
        path.unlink(missing_ok=True)
        return True
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and keep:
            return False
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def fill():
    from django.core.management import call_command
    from django.db import connection, transaction

    from accounts.models import Role, User
    from reporting import demo
    from reporting.models import IndicatorFigure, Report, ReportingPeriod, TaskProgress, TaskStatusUpdate
    from tasks.models import Plan
    from tasks.planfile import load_plan_file

    call_command("migrate", verbosity=0)
    load_plan_file(ROOT / "fixtures" / "plan808.yaml")
    plan = Plan.objects.get(code="808/QĐ-LĐTBXH")
    with transaction.atomic():
        reviewer = User.objects.create_user("bench-reviewer", password="Bench-Reviewer-2025")
        reviewer.roles.set(Role.objects.filter(code="reviewer"))
        demo.seed(plan)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live database
    counts = {
        "periods": ReportingPeriod.objects.count(),
        "reports": Report.objects.count(),
        "figures": IndicatorFigure.objects.count(),
        "task progress": TaskProgress.objects.count(),
        "status updates": TaskStatusUpdate.objects.count(),
    }
    return counts


def measure(n_requests: int):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from indicators.cache import bump_dashboard_generation

    pages = [
        ("trivial view (same stack)", "/bench/trivial/", ""),
        ("Chỉ tiêu toàn quốc", "/bang-dieu-khien/", "?ky=2025-H1"),
        ("Chỉ tiêu toàn quốc, tạm tính", "/bang-dieu-khien/", "?ky=2025-H1&tam_tinh=1"),
        ("Chỉ tiêu theo kỳ", "/bang-dieu-khien/chi-tieu-theo-ky/", "?ky=2025-H1"),
        ("Chỉ tiêu theo kỳ, Excel", "/bang-dieu-khien/chi-tieu-theo-ky.xlsx", "?ky=2025-H1"),
        ("Tỉnh × mục tiêu", "/bang-dieu-khien/tinh/", "?ky=2025-H1"),
        ("Trang một tỉnh", "/bang-dieu-khien/tinh/so-ldtbxh-ha-noi/", "?ky=2025-H1"),
        ("Tiến độ nhiệm vụ", "/bang-dieu-khien/nhiem-vu/", "?ky=2025-H1"),
        ("Một nhiệm vụ", "/bang-dieu-khien/nhiem-vu/1.1/", "?ky=2025-H1"),
        ("Tình hình báo cáo", "/bang-dieu-khien/bao-cao/", "?ky=2025-H1"),
    ]
    results = []
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(get_user_model().objects.get(username="bench-reviewer"))
        for label, path, query in pages:
            row = {"page": label, "path": path + query}
            for mode in ("cold", "warm"):
                client.get(path + query)  # warm-up: imports, templates, and the cache for "warm"
                times, queries = [], 0
                for _ in range(n_requests):
                    if mode == "cold":
                        bump_dashboard_generation()
                    with CaptureQueriesContext(connection) as ctx:
                        start = time.perf_counter()
                        response = client.get(path + query)
                        times.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, (path, response.status_code)
                    queries = len(ctx.captured_queries)
                times.sort()
                row[mode] = {
                    "median": statistics.median(times),
                    "p95": times[max(0, round(0.95 * len(times)) - 1)],
                    "queries": queries,
                }
            results.append(row)
    return results


def table(results, counts, database_url, n_requests) -> str:
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    trivial = results[0]["cold"]["median"]
    lines = [
        f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {engine}, {n_requests} requests per page and mode; "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
        + ".",
        "",
        "| page | cold median ms | cold p95 ms | cold queries | warm median ms | warm p95 ms | warm queries | cold × trivial |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results:
        c, w = row["cold"], row["warm"]
        lines.append(
            f"| {row['page']} | {c['median']:.1f} | {c['p95']:.1f} | {c['queries']} | "
            f"{w['median']:.1f} | {w['p95']:.1f} | {w['queries']} | {c['median'] / trivial:.1f} |"
        )
    return "\n".join(lines)


def write_readme(text: str, database_url: str):
    readme = ROOT / "bench" / "README.md"
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    begin, end = f"<!-- bench:{engine}:begin -->", f"<!-- bench:{engine}:end -->"
    content = readme.read_text(encoding="utf-8")
    if begin in content:
        head, rest = content.split(begin, 1)
        content = head + begin + "\n" + text + "\n" + end + rest.split(end, 1)[1]
    else:
        content += f"\n{begin}\n{text}\n{end}\n"
    readme.write_text(content, encoding="utf-8")


def main():
    args = parse_args()
    must_fill = fresh_database(args.database_url, args.keep)
    setup_django(args.database_url)
    if must_fill:
        start = time.perf_counter()
        counts = fill()
        print(f"filled in {time.perf_counter() - start:.0f} s: {counts}")
    else:
        from reporting.models import IndicatorFigure, Report, ReportingPeriod, TaskProgress, TaskStatusUpdate

        counts = {
            "periods": ReportingPeriod.objects.count(),
            "reports": Report.objects.count(),
            "figures": IndicatorFigure.objects.count(),
            "task progress": TaskProgress.objects.count(),
            "status updates": TaskStatusUpdate.objects.count(),
        }
    text = table(measure(args.requests), counts, args.database_url, args.requests)
    print(text)
    if args.write:
        write_readme(text, args.database_url)


if __name__ == "__main__":
    main()
