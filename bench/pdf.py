"""Benchmark of the PDF reports at national size: seconds and pages.

    .venv/bin/python bench/pdf.py                        # SQLite file /tmp/plan808_bench_pdf.sqlite3
    .venv/bin/python bench/pdf.py --database-url postgres://postgres@127.0.0.1:5432/plan808_bench_pdf
    .venv/bin/python bench/pdf.py --runs 3 --write       # and rewrite the result table in bench/PDF.md

The fill: the plan of Decision 808 and its 2025-H1 period, and an accepted report from every agency
the obligations expect (the 63 provincial DOLISAs and the central agencies), each with every figure of
its targets, every task's progress with a paragraph of results, difficulties, proposals and budget
(``reporting.demo.fill_period``, the generator seed_demo and the tests use). Then the consolidated report of the period and one province's
report are rendered as the Celery job renders them (``exports.pdf``), timing the data read and the
WeasyPrint layout together, and counting the pages.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "PDF.md"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="sqlite:////tmp/plan808_bench_pdf.sqlite3")
    parser.add_argument("--runs", type=int, default=3, help="timed renders of each report")
    parser.add_argument("--agency", default="so-ldtbxh-ha-noi", help="the agency whose report is timed")
    parser.add_argument("--write", action="store_true", help="write the result table into bench/PDF.md")
    parser.add_argument("--out", default="/tmp", help="directory for the rendered PDFs")
    return parser.parse_args()


def setup(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan808.settings")
    if database_url.startswith("sqlite"):
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()


def fill():
    from django.core.management import call_command

    from reporting.demo import fill_period
    from reporting.services import period_create_for_plan
    from tasks.models import Plan
    from tasks.planfile import load_plan_file

    call_command("migrate", verbosity=0)
    load_plan_file(ROOT / "fixtures" / "plan808.yaml")
    periods = period_create_for_plan(plan=Plan.objects.get(code="808/QĐ-LĐTBXH"))
    period = next(p for p in periods if p.code == "2025-H1")
    reports = fill_period(period)
    return period, reports


def timed(render, runs: int):
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = render()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def main():
    args = parse_args()
    setup(args.database_url)
    from agencies.models import Agency
    from exports import pdf
    from reporting.obligations import PROVINCIAL_KINDS

    period, reports = fill()
    provinces = sum(1 for r in reports if r.agency.kind in PROVINCIAL_KINDS)
    central = len(reports) - provinces
    agency = Agency.objects.get(code=args.agency)

    rows = []
    for label, render, filename in (
        ("Báo cáo tổng hợp 2025-H1", lambda: pdf.render_consolidated(period), "bench-tong-hop-2025-H1.pdf"),
        (f"Báo cáo của {agency.display_name}", lambda: pdf.render_agency(period, agency), "bench-don-vi-2025-H1.pdf"),
    ):
        seconds, result = timed(render, args.runs)
        Path(args.out, filename).write_bytes(result.content)
        rows.append((label, result.pages, len(result.content), seconds))
        print(
            f"{label}: {result.pages} trang, {len(result.content) / 1024:.0f} KiB, "
            f"median {statistics.median(seconds):.1f} s (min {min(seconds):.1f}, max {max(seconds):.1f}) "
            f"→ {Path(args.out, filename)}"
        )

    table = [
        f"Fill: {provinces} provincial DOLISAs and {central} central agencies, every report accepted and filled "
        f"(`reporting.demo.fill_period`); {args.runs} renders each; {args.database_url.split(':')[0]}; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPU (shared).",
        "",
        "| report | pages | size | median s | min s | max s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, pages, size, seconds in rows:
        table.append(
            f"| {label} | {pages} | {size / 1024:.0f} KiB | {statistics.median(seconds):.1f} | "
            f"{min(seconds):.1f} | {max(seconds):.1f} |"
        )
    print("\n".join(table))
    if args.write:
        text = RESULTS.read_text(encoding="utf-8")
        head = text.split("## Results", 1)[0]
        RESULTS.write_text(head + "## Results\n\n" + "\n".join(table) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
