"""The consolidated PDF read back with pdfplumber: every word inside its cell, columns of their own widths,
targets and months written as an official writes them."""

import datetime
import io
import re
import unicodedata

import pdfplumber
import pytest

from exports import pdf
from indicators.cache import bump_dashboard_generation
from reporting.demo import fill_period
from reporting.models import IndicatorFigure
from tests import factories as f
from tests.conftest import rows_for_the_module

SAMPLE = frozenset({"so-ldtbxh-ha-noi", "so-ldtbxh-ho-chi-minh", "so-ldtbxh-da-nang", "bo-cong-an", "bo-ldtbxh"})
# National sums of this size are what a full year of 63 provinces gives for workers reached (3b, 3c).
HUGE = {"3b": (987_654_321, 1_234_567_890), "3c": (2_354_558, 3_065_036)}


@pytest.fixture(scope="module")
def document(django_db_setup, django_db_blocker):
    """The sample period's consolidated report with sums in the billions, opened with pdfplumber."""
    from tasks.models import Plan

    with rows_for_the_module(django_db_blocker):
        period = f.period(Plan.objects.get(code="808/QĐ-LĐTBXH"), "2025-H1")
        fill_period(period, only_codes=SAMPLE)
        for code, (numerator, denominator) in HUGE.items():
            IndicatorFigure.objects.filter(
                report__period=period, report__agency__code="so-ldtbxh-ha-noi", target__code=code
            ).update(numerator=numerator, denominator=denominator)
        bump_dashboard_generation()
        rendered = pdf.render_consolidated(period, issued_on=datetime.date(2026, 1, 5))
    with pdfplumber.open(io.BytesIO(rendered.content)) as opened:
        pages = [
            {
                "text": unicodedata.normalize("NFC", page.extract_text() or ""),
                "words": page.extract_words(),
                "verticals": [e for e in page.edges if e["orientation"] == "v"],
                "width": page.width,
            }
            for page in opened.pages
        ]
    return pages


def crossing_words(page) -> list[str]:
    """Words that a vertical cell border runs through (the border overlaps the word's line)."""
    crossed = []
    for word in page["words"]:
        for edge in page["verticals"]:
            overlaps_line = edge["top"] < word["bottom"] - 1 and edge["bottom"] > word["top"] + 1
            if overlaps_line and word["x0"] + 0.5 < edge["x0"] < word["x1"] - 0.5:
                crossed.append(word["text"])
                break
    return crossed


def page_with(pages, marker: str):
    return next(p for p in pages if marker in p["text"])


FIGURES = "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"


def figures_pages(pages) -> list[dict]:
    """The pages of the indicators table (section III), which may run over a page break."""
    first = next(i for i, p in enumerate(pages) if FIGURES in p["text"])
    last = next(i for i, p in enumerate(pages) if i >= first and "IV. KINH PHÍ" in p["text"])
    return pages[first : last + 1]


def page_bottom(page) -> float:
    return max(w["bottom"] for w in page["words"]) + 1


def figures_text(pages) -> str:
    text = "\n".join(p["text"] for p in figures_pages(pages))
    return text.split(FIGURES, 1)[1].split("IV. KINH PHÍ", 1)[0]


def test_no_word_of_the_report_crosses_a_cell_border(document):
    crossed = {i + 1: crossing_words(page) for i, page in enumerate(document)}
    assert {page: words for page, words in crossed.items() if words} == {}


def test_a_numerator_denominator_pair_of_millions_stays_inside_the_result_column(document):
    pieces = []
    for page in figures_pages(document):
        # The right border of "Kết quả": the first vertical rule right of its header (the headers repeat
        # on every page of the table; Decision 29's "Lũy kế" column follows it, then "Đánh giá").
        header = [w for w in page["words"] if w["text"] in ("Kết", "Đánh")]
        result_left = [w["x0"] for w in header if w["text"] == "Kết"]
        assessment_left = [w["x0"] for w in header if w["text"] == "Đánh"]
        if not result_left or not assessment_left:
            continue
        borders = sorted({round(e["x0"], 1) for e in page["verticals"]})
        border = next(x for x in borders if min(result_left) < x < min(assessment_left))
        left = max(x for x in borders if x < min(result_left))
        # Only the table's rows: below its header, above section IV's heading where it starts on this page.
        top = min(w["top"] for w in header if w["text"] == "Kết")
        bottom = min((w["top"] for w in page["words"] if w["text"] == "KINH"), default=page_bottom(page))
        on_page = [
            w
            for w in page["words"]
            if top < w["top"] < bottom and left < w["x0"] < border and re.search(r"\d{3}\.\d{3}", w["text"])
        ]
        assert all(w["x1"] <= border for w in on_page), [(w["text"], w["x1"], border) for w in on_page]
        pieces += on_page
    assert any(re.search(r"\d\.\d{3}\.\d{3}\.\d{3}", w["text"]) for w in pieces), [w["text"] for w in pieces]


def test_targets_read_as_the_decision_writes_them(document):
    assert "≥" not in "".join(p["text"] for p in document)
    threshold_column = [w["text"] for p in figures_pages(document) for w in p["words"] if w["text"] in ("Ít", "100%")]
    # "Ít nhất 70%" for targets 1, 3a, 3b, 3c, 5…; "100%" for 2a, 2b, 4, 6 (a share cannot pass 100%).
    assert threshold_column.count("Ít") >= 5 and threshold_column.count("100%") >= 4, threshold_column


def test_months_are_written_out_in_annex_one(document):
    page = page_with(document, "SỐ LIỆU CÁC CHỈ TIÊU CỦA CÁC TỈNH, THÀNH PHỐ")
    text = re.sub(r"\s+", " ", page["text"])
    assert re.search(r"\b\d/6 tháng\b", text), text[:2000]
    assert not re.search(r"\b\d/6 th\b", text)


def test_annex_four_gives_the_results_column_most_of_the_width(document):
    page = page_with(document, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA CÁC ĐỊA PHƯƠNG")
    header = next(w for w in page["words"] if w["text"] == "Tình")  # "Tình trạng", second column's header
    rows = [e for e in page["verticals"] if e["top"] > header["top"] - 20]
    borders = sorted({round(e["x0"]) for e in rows})
    assert len(borders) == 4, borders  # table left, two inner borders, table right
    left, first, second, right = borders
    assert (right - second) / (right - left) > 0.55
    assert (first - left) / (right - left) < 0.25


@pytest.mark.parametrize(
    ("code", "text"), [("1", "Ít nhất 70%"), ("4", "100%"), ("5", "Ít nhất 50%"), ("7", "Tăng 3-5%"), ("8b", "100%")]
)
def test_a_target_reads_as_in_the_decision(plan, code, text):
    assert plan.targets.get(code=code).document_threshold_text == text


def test_a_figure_covering_three_of_63_provinces_is_not_judged_on_the_pdf(document):
    # indicators/README.md "Status": three provinces of 63 say nothing of the country, however good.
    section = figures_text(document)
    words = re.findall(r"\w+", section)
    assert "Đạt" not in words
    assert section.count("Chưa đủ") >= 5
