"""The consolidated report and an agency's report as PDF: text, glyphs, fonts and the Decree 30 layout."""

import datetime
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from agencies.models import Agency
from exports import pdf
from reporting.demo import fill_period
from reporting.models import Report
from tests import factories as f
from tests.conftest import rows_for_the_module

SAMPLE = frozenset(
    {
        "so-ldtbxh-ha-noi",
        "so-ldtbxh-ho-chi-minh",
        "so-ldtbxh-da-nang",
        "bo-cong-an",
        "bo-y-te",
        "bo-ldtbxh",
        "bo-thong-tin-va-truyen-thong",
    }
)
A4 = (595.28, 841.89)  # points


@pytest.fixture
def period(plan):
    period = f.period(plan, "2025-H1")
    fill_period(period, only_codes=SAMPLE)
    return period


def text_of(content: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    return reader, [unicodedata.normalize("NFC", page.extract_text() or "") for page in reader.pages]


def flat(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


@pytest.fixture(scope="module")
def _sample_rendered(django_db_setup, django_db_blocker):
    """The sample period's consolidated report, rendered and read once for the module (seconds each).

    The rows it is rendered from are rolled back at once: the tests read only the PDF and the total
    budget of its reports, and may make a 2025-H1 period of their own.
    """
    from tasks.models import Plan

    with rows_for_the_module(django_db_blocker):
        period = f.period(Plan.objects.get(code="808/QĐ-LĐTBXH"), "2025-H1")
        fill_period(period, only_codes=SAMPLE)
        reports = list(Report.objects.filter(period=period))
        budget = sum((r.budget_central or 0) + (r.budget_local or 0) + (r.budget_other or 0) for r in reports)
        rendered = pdf.render_consolidated(period, issued_on=datetime.date(2026, 1, 5))
    reader, pages = text_of(rendered.content)
    return (rendered, reader, pages), budget


@pytest.fixture
def consolidated(_sample_rendered):
    """(rendered, reader, pages) of the sample period's consolidated report."""
    return _sample_rendered[0]


def test_the_consolidated_pdf_keeps_the_vietnamese_text_the_motto_and_every_code(consolidated, plan):
    _rendered, _reader, pages = consolidated
    text = flat(pages)

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BÁO CÁO" in text
    assert (
        "Kết quả thực hiện Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm 6 tháng đầu năm 2025" in text
    )
    assert "Hà Nội, ngày 05 tháng 01 năm 2026" in text
    # Only the plan is loaded here (no succession file): the monitoring body of 20/06/2025 is still
    # MOLISA's department, as the data says (tests/test_successions_pdf.py loads the 2025 changes).
    assert "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in text and "CỤC PHÒNG, CHỐNG TỆ NẠN XÃ HỘI" in text
    assert "Số: /BC-PCTNXH" in text
    assert "Nơi nhận:" in text and "CỤC TRƯỞNG" in text
    # Diacritics survive the round trip: stacked marks (ệ, ộ, ử) and đ / Đ.
    for word in ("Nâng cao hiệu quả công tác truyền thông", "Ủy ban", "Đà Nẵng", "Bộ Công an", "khó khăn"):
        assert word.lower() in text.lower(), word
    # Every task (1.1 … 4.4, 5, 6, 7) and every target (1, 2a … 11b) of 2025 is in the report.
    for task in plan.tasks.all():
        if task.runs_in(2025):
            assert re.search(rf"(^|\s){re.escape(task.code)}\.\s", text) or f"Nhiệm vụ {task.code}" in text, task.code
    for target in plan.targets.all():
        if target.applies_in(2025):
            assert re.search(rf"(^|\s){re.escape(target.code)}\s", text), target.code


def test_the_consolidated_pdf_embeds_its_fonts(consolidated):
    _rendered, reader, _pages = consolidated
    names, embedded = set(), set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor_owner = descendants[0].get_object() if descendants else font
            descriptor = descriptor_owner["/FontDescriptor"].get_object()
            names.add(str(font["/BaseFont"]))
            if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                embedded.add(str(font["/BaseFont"]))
    assert names, "the PDF uses no font?"
    assert embedded == names
    assert any("Report-Serif" in name for name in names)
    # Regular, bold and italic faces of the one serif: no fallback face crept in.
    assert all("Report-Serif" in name for name in names)


def test_the_consolidated_pdf_is_a4_portrait_numbered_from_page_two(consolidated):
    rendered, reader, _pages = consolidated
    assert rendered.pages == len(reader.pages) > 3
    first = reader.pages[0].mediabox
    assert (round(float(first.width), 1), round(float(first.height), 1)) == (round(A4[0], 1), round(A4[1], 1))
    # Page numbers sit in the top margin (above 20 mm from the top edge), centred, from page 2 on.
    assert in_top_margin(reader.pages[0]) == []
    for number in (2, 3):
        page = reader.pages[number - 1]
        assert [text for text, _x in in_top_margin(page)] == [str(number)]
        ((_text, x),) = in_top_margin(page)
        # Centred over the text block: the left margin is 30 mm, the right 15 mm.
        centre = (30 + (210 - 30 - 15) / 2) / 25.4 * 72
        assert abs(x - centre) < 15


def in_top_margin(page) -> list[tuple[str, float]]:
    top = float(page.mediabox.height) - 20 / 25.4 * 72
    found = []

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5] if cm else tm[5]
        x = tm[4] * cm[0] + cm[4] if cm else tm[4]
        if text.strip() and y > top:
            found.append((text.strip(), x))

    page.extract_text(visitor_text=visit)
    return found


def test_the_consolidated_pdf_shows_the_budget_in_dong_with_thousands_dots(_sample_rendered, consolidated):
    _pdf, expected = _sample_rendered  # the sum of the three budget fields of the sample's reports
    _rendered, _reader, pages = consolidated

    assert f"{expected:,}".replace(",", ".") in flat(pages)


def test_the_consolidated_pdf_counts_only_accepted_reports_unless_asked(plan):
    period = f.period(plan, "2025-H1")
    fill_period(period, status=Report.Status.SUBMITTED, only_codes=frozenset({"so-ldtbxh-ha-noi"}))

    _r, final = text_of(pdf.render_consolidated(period).content)
    _r, draft = text_of(pdf.render_consolidated(period, include_submitted=True).content)

    assert "tính trên 0 báo cáo đã được tiếp nhận" in flat(final)
    assert "tính trên 1 báo cáo đã gửi và đã tiếp nhận" in flat(draft)


def test_an_agencys_report_pdf_has_the_same_layout_under_its_own_header(period):
    report = Report.objects.get(period=period, agency__code="so-ldtbxh-ha-noi")
    report.dispatch_number = "125/BC-SLĐTBXH"
    report.dispatch_date = datetime.date(2025, 6, 18)
    report.dispatch_signer = "Nguyễn Văn Bình"
    report.dispatch_signer_position = "Giám đốc"
    report.save()

    rendered = pdf.render_agency(period, Agency.objects.get(code="so-ldtbxh-ha-noi"))
    _reader, pages = text_of(rendered.content)
    text = flat(pages)

    assert "UBND THÀNH PHỐ HÀ NỘI" in text
    assert "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in text
    assert "Số: 125/BC-SLĐTBXH" in text
    assert "Hà Nội, ngày 18 tháng 6 năm 2025" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "GIÁM ĐỐC" in text and "Nguyễn Văn Bình" in text
    assert "KT." not in text  # the head signs in person
    for task, _progress in pdf.selectors.agency_report(period, report.agency).tasks:
        assert f"{task.code}." in text


def test_a_deputy_signs_on_behalf_of_the_head(period):
    from exports.letterhead import agency_issuer

    report = Report.objects.get(period=period, agency__code="so-ldtbxh-ha-noi")
    report.dispatch_signer_position = "Phó Giám đốc"

    issuer = agency_issuer(report, datetime.date(2025, 6, 18))

    assert (issuer.signing_authority, issuer.signer_title) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_the_consolidated_pdf_reads_a_fixed_number_of_queries(period, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        pdf.selectors.consolidated(period)


def test_the_long_date_takes_leading_zeros_for_days_below_ten_and_months_one_and_two():
    from exports.formatting import vn_long_date

    assert vn_long_date(datetime.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert vn_long_date(datetime.date(2025, 2, 28)) == "ngày 28 tháng 02 năm 2025"
    assert vn_long_date(datetime.date(2025, 6, 20)) == "ngày 20 tháng 6 năm 2025"
    assert vn_long_date(datetime.date(2025, 12, 9)) == "ngày 09 tháng 12 năm 2025"


def test_the_issuer_is_a_setting(plan, settings):
    from exports.letterhead import ministry_issuer

    settings.REPORT_ISSUER_SUPERIOR = "CHÍNH PHỦ"
    settings.REPORT_ISSUER = "BỘ NỘI VỤ"
    settings.REPORT_SYMBOL = "BC-BNV"
    settings.REPORT_SIGNER_NAME = "Trần Văn A"

    result = ministry_issuer(plan, datetime.date(2026, 1, 5))

    assert (result.superior, result.name, result.symbol, result.signer_name) == (
        "CHÍNH PHỦ",
        "BỘ NỘI VỤ",
        "BC-BNV",
        "Trần Văn A",
    )
