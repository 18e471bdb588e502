"""Benchmark of the dashboards at national size: fill a fresh database, then time every page.

    .venv/bin/python bench/dashboards.py                      # SQLite file /tmp/plan808_bench.sqlite3
    .venv/bin/python bench/dashboards.py --database-url postgres://postgres@127.0.0.1:5432/plan808_bench
    .venv/bin/python bench/dashboards.py --requests 50 --write   # and rewrite the table in bench/README.md

The fill: the plan of Decision 808 and the demo data of seed_demo (``reporting.demo.seed``): its 8
periods (2022-H1 … 2025-FY), every agency the obligations expect in each (63 provincial DOLISAs and
the central agencies) with a fate of its own (most accepted and on time, some late, returned,
submitted, drafts or missing), every figure of its targets and every task's progress, and task
status updates of the central agencies. Each page is then requested with django.test.Client
(the whole middleware stack, in-process, so the time is the server's) with DEBUG off, as production
runs it, cold (as after a report is accepted: the figures' and the reports' cache generations
bumped before each request; who must report stays cached until an admin changes it) and warm.

Timing is interleaved: every request of a page follows a request of a trivial view served by the
same stack, so a burst of load from elsewhere on a shared machine hits both alike; the table gives
the page's median against the trivial view's median of the same rounds. Both wall time and CPU time
(``time.process_time``, this process: Django and the database driver) and the CPU of this process's
PostgreSQL backend (read from /proc; the database runs on the same machine) are reported, and the ratio is taken on CPU time, which a
loaded machine disturbs much less than the wall clock.

``--units N`` adds provincial units (a People's Committee and its DOLISA each, "Đơn vị thử nghiệm
n") until N provincial units report, to see how the pages grow with the number of units (63
provinces today, 34 after the 2025 merger, about 3,300 communes).
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
    parser.add_argument("--units", type=int, default=0, help="provincial units reporting (0: the 63 provinces)")
    parser.add_argument("--only", default="", help="page labels to time, separated by | (default: every page)")
    return parser.parse_args()


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    # Production's settings: DEBUG off (no query log, no debug context), hashed static names.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-dashboards-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan808.settings")
    os.environ["DB_CONN_MAX_AGE"] = "86400"  # one backend for the run, so its CPU is read from /proc
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        import subprocess

        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)
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


def monitoring_body():
    """The agency reviewers belong to (MONITORING_AGENCIES): only its staff review and read every dashboard."""
    from django.conf import settings

    from agencies.models import Agency

    return Agency.objects.get(code=settings.MONITORING_AGENCIES[0])


def add_units(total: int) -> int:
    """Provincial units (a People's Committee and its DOLISA) until ``total`` DOLISAs exist; how many were added."""
    from agencies.models import Agency

    have = Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA).count()
    new = range(1, max(0, total - have) + 1)
    committees = Agency.objects.bulk_create(
        [
            Agency(
                code=f"ubnd-don-vi-thu-nghiem-{n}",
                name=f"Ủy ban nhân dân Đơn vị thử nghiệm {n}",
                kind=Agency.Kind.PROVINCIAL_COMMITTEE,
                province_kind="tỉnh",
            )
            for n in new
        ]
    )
    Agency.objects.bulk_create(
        [
            Agency(
                code=f"so-ldtbxh-don-vi-thu-nghiem-{n}",
                name=f"Sở Lao động - Thương binh và Xã hội Đơn vị thử nghiệm {n}",
                kind=Agency.Kind.PROVINCIAL_DOLISA,
                parent=committee,
            )
            for n, committee in zip(new, committees, strict=True)
        ]
    )
    return len(new)


def fill(units: int = 0):
    from django.core.management import call_command
    from django.db import connection, transaction

    from accounts.models import Role, User
    from agencies.models import Agency
    from reporting import demo
    from reporting.models import IndicatorFigure, Report, ReportingPeriod, TaskProgress, TaskStatusUpdate
    from tasks.models import Plan
    from tasks.planfile import load_plan_file

    call_command("migrate", verbosity=0)
    load_plan_file(ROOT / "fixtures" / "plan808.yaml")
    plan = Plan.objects.get(code="808/QĐ-LĐTBXH")
    with transaction.atomic():
        added = add_units(units) if units else 0
        reviewer = User.objects.create_user("bench-reviewer", password="Bench-Reviewer-2025", agency=monitoring_body())
        reviewer.roles.set(Role.objects.filter(code="reviewer"))
        demo.seed(plan)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live database
    counts = {
        "provincial units": Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA).count(),
        "added units": added,
        "periods": ReportingPeriod.objects.count(),
        "reports": Report.objects.count(),
        "figures": IndicatorFigure.objects.count(),
        "task progress": TaskProgress.objects.count(),
        "status updates": TaskStatusUpdate.objects.count(),
    }
    return counts


PAGES = [
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
TRIVIAL = "/bench/trivial/"


def _database_cpu() -> tuple[int, float]:
    """(backend pid, CPU seconds) of this process's PostgreSQL backend, read from /proc; (0, 0) elsewhere.

    PostgreSQL runs on this machine, so the time the database spends on a page is counted as well.
    """
    from django.db import connection

    if connection.vendor != "postgresql" or connection.connection is None:
        return 0, 0.0
    pid = connection.connection.info.backend_pid
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0, 0.0
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(client, url: str):
    """The response, and its wall, CPU (this process) and database CPU milliseconds."""
    pid, db = _database_cpu()
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    wall, cpu = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    pid_after, db_after = _database_cpu()
    # A connection reopened during the request has another backend: its CPU cannot be told apart.
    return response, wall, cpu, (db_after - db) * 1000 if pid and pid == pid_after else 0.0


def measure(n_requests: int, only: str = ""):
    """Each page cold and warm, every request right after a trivial one: medians of wall and CPU ms."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from indicators.cache import REPORTS, bump_dashboard_generation, bump_generation

    def after_an_accept():
        # What accepting a report makes stale: the accepted figures and everything counting reports.
        # Who must report (STRUCTURE) stays cached, as it does until an admin changes it.
        bump_dashboard_generation()
        bump_generation(REPORTS)

    wanted = {label.strip() for label in only.split("|") if label.strip()}
    pages = [page for page in PAGES if not wanted or page[0] in wanted]
    results = []
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"]):
        client = Client()
        reviewer = get_user_model().objects.get(username="bench-reviewer")
        if reviewer.agency_id is None:  # a database filled before reviewers needed the monitoring body
            reviewer.agency = monitoring_body()
            reviewer.save(update_fields=["agency"])
        client.force_login(reviewer)
        for label, path, query in pages:
            row = {"page": label, "path": path + query}
            for mode in ("cold", "warm"):
                client.get(TRIVIAL)
                first = client.get(path + query)  # warm-up: imports, templates, and the cache for "warm"
                assert first.status_code == 200, (path, first.status_code)
                samples = {"wall": [], "cpu": [], "db cpu": [], "trivial wall": [], "trivial cpu": []}
                for _ in range(n_requests):
                    _response, wall, cpu, _db = _timed(client, TRIVIAL)
                    samples["trivial wall"].append(wall)
                    samples["trivial cpu"].append(cpu)
                    if mode == "cold":
                        after_an_accept()
                    response, wall, cpu, db = _timed(client, path + query)
                    assert response.status_code == 200, (path, response.status_code)
                    samples["wall"].append(wall)
                    samples["cpu"].append(cpu)
                    samples["db cpu"].append(db)
                with CaptureQueriesContext(connection) as ctx:  # counted apart: capturing costs time
                    if mode == "cold":
                        after_an_accept()
                    response = client.get(path + query)
                row[mode] = {name: statistics.median(values) for name, values in samples.items()}
                row[mode]["p95"] = sorted(samples["wall"])[max(0, round(0.95 * n_requests) - 1)]
                row[mode]["queries"] = len(ctx.captured_queries)
                row[mode]["bytes"] = len(response.content)
            results.append(row)
    return results


def table(results, counts, database_url, n_requests) -> str:
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    trivial_wall = statistics.median(r[m]["trivial wall"] for r in results for m in ("cold", "warm"))
    trivial_cpu = statistics.median(r[m]["trivial cpu"] for r in results for m in ("cold", "warm"))
    lines = [
        f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {engine}, DEBUG off, "
        f"{n_requests} requests per page and mode, each after a trivial request; "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
        + f"; {os.cpu_count()} CPUs shared, load average {os.getloadavg()[0]:.1f} at the end. "
        f"Trivial view of the same stack: median {trivial_wall:.1f} ms wall, {trivial_cpu:.1f} ms CPU.",
        "",
        "| page | cold wall ms (p95) | cold CPU ms | cold DB CPU ms | cold CPU × trivial | warm wall ms "
        "| warm CPU ms | warm DB CPU ms | warm CPU × trivial | queries cold/warm | HTML KiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results:
        c, w = row["cold"], row["warm"]
        lines.append(
            f"| {row['page']} | {c['wall']:.0f} ({c['p95']:.0f}) | {c['cpu']:.0f} | {c['db cpu']:.0f} | "
            f"{c['cpu'] / max(c['trivial cpu'], 0.1):.1f} | {w['wall']:.0f} | {w['cpu']:.0f} | {w['db cpu']:.0f} | "
            f"{w['cpu'] / max(w['trivial cpu'], 0.1):.1f} | {c['queries']}/{w['queries']} | {c['bytes'] / 1024:.0f} |"
        )
    return "\n".join(lines)


def write_readme(text: str, database_url: str, units: int):
    readme = ROOT / "bench" / "README.md"
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    engine += f":{units}-units" if units else ""
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
        counts = fill(args.units)
        print(f"filled in {time.perf_counter() - start:.0f} s: {counts}")
    else:
        from django.core.management import call_command

        from agencies.models import Agency

        call_command("migrate", verbosity=0)  # a database kept from an older run meets today's models
        from reporting.models import IndicatorFigure, Report, ReportingPeriod, TaskProgress, TaskStatusUpdate

        counts = {
            "provincial units": Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA).count(),
            "periods": ReportingPeriod.objects.count(),
            "reports": Report.objects.count(),
            "figures": IndicatorFigure.objects.count(),
            "task progress": TaskProgress.objects.count(),
            "status updates": TaskStatusUpdate.objects.count(),
        }
    text = table(measure(args.requests, args.only), counts, args.database_url, args.requests)
    print(text)
    if args.write:
        write_readme(text, args.database_url, args.units)


if __name__ == "__main__":
    main()
