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

Each render is interleaved with a plain WeasyPrint document of the same number of pages (a heading
and paragraphs of Vietnamese text in the same serif on A4), so that the ratio report / plain says
what the report's own layout costs above what WeasyPrint needs for that many pages, whatever the
load of the machine. Wall time and CPU time (``time.process_time``: rendering runs in this process)
are both given: on a shared machine the wall time measures the neighbours as much as the report.
DEBUG is off, as in the worker.
"""

import argparse
import functools
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
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-pdf-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
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


def draft_versions(period):
    """The period's consolidated draft as the reviewers get it (pre-filled from the data, unedited):
    its first version with the agencies' own texts in the annex, and the same with them in the workbook."""
    import copy

    from accounts.models import Role, User
    from exports import services
    from exports.models import ConsolidatedDraft

    admin, _created = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True})
    admin.roles.add(Role.objects.get(code=Role.Code.ADMIN))
    draft = services.draft_create(user=admin, period=period)
    annexed = draft.versions.order_by("-number").first()
    assert annexed.texts_to == ConsolidatedDraft.TextsTo.ANNEX, annexed.texts_to
    in_workbook = copy.copy(annexed)  # rendered only, never saved
    in_workbook.texts_to = ConsolidatedDraft.TextsTo.EXCEL
    return annexed, in_workbook


PLAIN_PAGE = """<h2>Trang {n}</h2>""" + "<p>{text}</p>" * 9


def plain_pdf(pages: int) -> bytes:
    """A plain document of ``pages`` A4 pages in the reports' serif: WeasyPrint's cost for that many pages."""
    from weasyprint import HTML

    text = (
        "Các sở, ngành đã triển khai kế hoạch phòng, chống mại dâm; tổ chức tuyên truyền, tập huấn "
        "cho cán bộ cơ sở và kiểm tra các cơ sở kinh doanh dịch vụ dễ bị lợi dụng. "
    ) * 3
    body = "".join(
        f'<section style="page-break-after: always">{PLAIN_PAGE.format(n=n, text=text)}</section>'
        for n in range(1, pages + 1)
    )
    style = "@page { size: A4; margin: 2cm 1.5cm 2cm 3cm } body { font: 13pt 'Liberation Serif' }"
    document = HTML(string=f"<html lang=vi><style>{style}</style><body>{body}</body></html>").render()
    assert len(document.pages) >= pages, (len(document.pages), pages)
    return document.write_pdf()


def _clock(call):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def timed(render, runs: int):
    """``runs`` renders, each followed by a plain document of as many pages: (samples, last result)."""
    samples, result = [], None
    for _ in range(runs):
        result, wall, cpu = _clock(render)
        _plain, plain_wall, plain_cpu = _clock(functools.partial(plain_pdf, result.pages))
        samples.append({"wall": wall, "cpu": cpu, "plain wall": plain_wall, "plain cpu": plain_cpu})
    return samples, result


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

    annexed, in_workbook = draft_versions(period)
    rows = []
    for label, render, filename in (
        ("Báo cáo tổng hợp 2025-H1", lambda: pdf.render_consolidated(period), "bench-tong-hop-2025-H1.pdf"),
        (
            "Bản dự thảo tổng hợp 2025-H1, nội dung các đơn vị ở phụ lục",
            lambda: pdf.render_consolidated(period, draft=annexed),
            "bench-du-thao-phu-luc-2025-H1.pdf",
        ),
        (
            "Bản dự thảo tổng hợp 2025-H1, nội dung các đơn vị ở bảng Excel",
            lambda: pdf.render_consolidated(period, draft=in_workbook),
            "bench-du-thao-excel-2025-H1.pdf",
        ),
        (f"Báo cáo của {agency.display_name}", lambda: pdf.render_agency(period, agency), "bench-don-vi-2025-H1.pdf"),
    ):
        samples, result = timed(render, args.runs)
        Path(args.out, filename).write_bytes(result.content)
        median = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
        rows.append((label, result.pages, len(result.content), median))
        print(
            f"{label}: {result.pages} trang, {len(result.content) / 1024:.0f} KiB, median {median['wall']:.1f} s wall, "
            f"{median['cpu']:.1f} s CPU; plain document of as many pages {median['plain cpu']:.1f} s CPU "
            f"→ {Path(args.out, filename)}"
        )

    table = [
        f"Fill: {provinces} provincial DOLISAs and {central} central agencies, every report accepted and filled "
        f"(`reporting.demo.fill_period`); {args.runs} renders each, each followed by a plain WeasyPrint document "
        f"of as many pages; DEBUG off; {args.database_url.split(':')[0]}; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs shared, load average {os.getloadavg()[0]:.1f} at the end. Medians.",
        "",
        "| report | pages | size | wall s | CPU s | plain doc wall s | plain doc CPU s | CPU report / plain | CPU ms per page |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, pages, size, m in rows:
        table.append(
            f"| {label} | {pages} | {size / 1024:.0f} KiB | {m['wall']:.1f} | {m['cpu']:.1f} | {m['plain wall']:.1f} | "
            f"{m['plain cpu']:.1f} | {m['cpu'] / m['plain cpu']:.1f} | {m['cpu'] / pages * 1000:.0f} |"
        )
    print("\n".join(table))
    if args.write:
        text = RESULTS.read_text(encoding="utf-8")
        head = text.split("## Results", 1)[0]
        RESULTS.write_text(head + "## Results\n\n" + "\n".join(table) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
