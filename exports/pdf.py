"""PDF rendering with WeasyPrint from the HTML templates in ``templates/exports/pdf/``.

The serif is given by @font-face rules that point at font files on disk (``REPORT_FONT_DIRS``,
Liberation Serif 2 first: it has every Vietnamese glyph, which Liberation 1.x does not), so the
fonts are embedded and no glyph falls back to another face.
"""

import datetime
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation

from exports import letterhead, selectors
from plan808.clock import HANOI, hanoi_today
from reporting.models import ReportingPeriod

FACES = (
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
)
# Glyphs every report needs (ệ, ộ, ư, ở, Đ…): a font directory whose regular face lacks one is skipped.
VIETNAMESE_SAMPLE = "ệộưởĐđẫặỹẠ"
MATRIX_COLUMNS = 15  # targets per landscape annex table
# WeasyPrint logs every laid-out page at INFO; a 100-page report would flood the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("weasyprint").setLevel(logging.WARNING)


@dataclass
class RenderedPdf:
    content: bytes
    pages: int


def font_css() -> str:
    """@font-face rules for "Report Serif" from the first font directory holding all four faces."""
    for directory in settings.REPORT_FONT_DIRS:
        base = Path(directory)
        paths = [base / name for name, _w, _s in FACES]
        if all(p.is_file() for p in paths) and _covers_vietnamese(paths[0]):
            return "".join(
                f'@font-face {{ font-family: "Report Serif"; src: url("{p.as_uri()}"); '
                f"font-weight: {weight}; font-style: {style}; }}\n"
                for p, (_n, weight, style) in zip(paths, FACES, strict=True)
            )
    raise ImproperlyConfigured(
        "Không tìm thấy phông Liberation Serif có đủ chữ tiếng Việt (REPORT_FONT_DIRS); "
        "cài gói fonts-liberation2: apt-get install -y fonts-liberation2."
    )


def _covers_vietnamese(path: Path) -> bool:
    # Imported when a PDF is made, like WeasyPrint below, so the web and worker processes start without them.
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(path), lazy=True).getBestCmap()
    return all(ord(ch) in cmap for ch in VIETNAMESE_SAMPLE)


def _css() -> str:
    return render_to_string("exports/pdf/report.css")


def _html(template: str, context: dict) -> str:
    # A Decree 30 document is written in Vietnamese, its numbers too, whoever asked for it in English.
    with translation.override("vi"):
        return render_to_string(template, context)


def _write(html: str) -> RenderedPdf:
    # WeasyPrint loads Pango and its fonts on import: only a process that renders a PDF pays for it.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=FontConfiguration())
    return RenderedPdf(content=document.write_pdf(), pages=len(document.pages))


# The computed tables of a draft's document, and the section after whose text each one is printed.
TABLES_AFTER = {"situation": ("statistics",), "results": ("figures", "budget")}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_NUMBERED = re.compile(r"^\s*[IVX]+\.\s*")


@dataclass
class NarrativeSection:
    """One section of the draft as the document prints it: "II." and its heading, the reviewer's text,
    and the computed tables that follow it."""

    numeral: str
    key: str
    heading: str
    text: str
    tables: tuple[str, ...] = ()


@dataclass
class Narrative:
    sections: list[NarrativeSection]
    texts_to: str  # "annex" or "excel": where the agencies' own texts go


def narrative(period: ReportingPeriod, version) -> Narrative:
    """The document's sections from a draft version (``exports.ConsolidatedDraftVersion``), in the order
    and with the headings of ``exports.synthesis.sections_for``; the computed tables go after the
    section ``TABLES_AFTER`` names (after the first section when the draft has no such section)."""
    from exports import synthesis

    pairs = synthesis.sections_for(period)
    keys = {key for key, _heading in pairs}
    homeless = tuple(t for key, tables in TABLES_AFTER.items() if key not in keys for t in tables)
    sections = []
    for i, (key, heading) in enumerate(pairs):
        tables = TABLES_AFTER.get(key, ()) + (homeless if i == 0 else ())
        sections.append(
            NarrativeSection(
                numeral=ROMAN[i] if i < len(ROMAN) else str(i + 1),
                key=key,
                heading=_NUMBERED.sub("", heading),
                text=version.sections.get(key, ""),
                tables=tables,
            )
        )
    return Narrative(sections=sections, texts_to=version.texts_to)


def agency_texts(data: selectors.Consolidated) -> list[tuple[str, list]]:
    """The agencies' own texts by kind, each agency named: the annex a draft sends them to."""
    texts = [("Hạn chế, khó khăn", data.limitations), ("Nguyên nhân", data.causes)]
    if data.period.is_end_of_term:
        texts.append(("Bài học kinh nghiệm", data.lessons))
    return [*texts, ("Phương hướng, nhiệm vụ", data.directions), ("Đề xuất, kiến nghị", data.proposals)]


def computed_context(period: ReportingPeriod, *, include_submitted: bool = False) -> dict:
    """What the computed tables (statistics, targets, budget) read: the PDF and the draft page alike."""
    data = selectors.consolidated(period, include_submitted=include_submitted)
    budget = data.budget
    return {
        "data": data,
        "period": period,
        "plan": period.plan,
        "budget_central": sum(r.central for r in budget),
        "budget_local": sum(r.local for r in budget),
        "budget_total": sum(r.total for r in budget),
        "min_coverage": settings.INDICATOR_MIN_COVERAGE_PERCENT,
        # Decision 29's columns of the targets table (the end-of-term review has its term table instead).
        "monitoring": {}
        if period.is_end_of_term
        else selectors.national_monitoring(period, include_submitted=include_submitted),
    }


def render_consolidated(
    period: ReportingPeriod,
    *,
    include_submitted: bool = False,
    issued_on: datetime.date | None = None,
    dispatch: letterhead.Dispatch | None = None,
    draft=None,
) -> RenderedPdf:
    """The ministry's consolidated report of ``period`` (Decree 30/2020 layout) as PDF bytes.

    ``dispatch`` is what the reviewer set (number, recipients, signer); with no signer chosen (and none
    in the settings) the first active user of the issuing body with a position signs: never a blank name.
    ``draft`` (a ``ConsolidatedDraftVersion``): the sections as the reviewers wrote them, the computed
    tables where they belong, and the agencies' own texts in an annex or left to the workbook; without
    it the sections compile the agencies' texts one by one.
    """
    issued_on = issued_on or hanoi_today()
    dispatch = dispatch or letterhead.Dispatch()
    if dispatch.signature is None and not settings.REPORT_SIGNER_NAME:
        signer = selectors.default_signer(period)
        if signer is not None:
            dispatch.signature = letterhead.Signature.of(signer)
    tables = computed_context(period, include_submitted=include_submitted)
    data = tables["data"]
    matrix = data.province_matrix
    province_tables = [
        selectors.FigureMatrix(
            targets=matrix.targets[i : i + MATRIX_COLUMNS],
            rows=[(a, cells[i : i + MATRIX_COLUMNS]) for a, cells in matrix.rows],
        )
        for i in range(0, len(matrix.targets), MATRIX_COLUMNS)
    ]
    context = {
        **tables,
        **letterhead.ministry_letterhead(period, issued_on, dispatch).as_context(),
        "province_tables": province_tables if matrix.rows else [],
        "has_province_results": any(s.provinces for _g, sections in data.groups for s in sections),
        "narrative": narrative(period, draft) if draft is not None else None,
        "agency_texts": agency_texts(data),
        "css": _css(),
        "font_css": font_css(),
    }
    return _write(_html("exports/pdf/consolidated.html", context))


def render_agency(period: ReportingPeriod, agency, *, issued_on: datetime.date | None = None) -> RenderedPdf:
    """One agency's report of ``period`` in the same layout, dated as the agency dated it."""
    data = selectors.agency_report(period, agency)
    report = data.report
    if issued_on is None:
        if report.dispatch_date:
            issued_on = report.dispatch_date
        elif report.first_submitted_at:
            issued_on = report.first_submitted_at.astimezone(HANOI).date()
        else:
            issued_on = hanoi_today()
    context = {
        "data": data,
        "period": period,
        "plan": period.plan,
        "budget": [(label, getattr(report, name)) for name, label in selectors.BUDGET_SOURCES],
        **letterhead.agency_letterhead(report, issued_on).as_context(),
        "css": _css(),
        "font_css": font_css(),
    }
    return _write(_html("exports/pdf/agency.html", context))
