"""Reports carry the names of their day: issuer, recipients and signature from the agency data on
the report's date, not from a date in the code (issue 13, item 5)."""

import datetime
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from agencies.models import Agency
from exports import pdf
from exports.letterhead import agency_issuer, ministry_letterhead
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "superior", "issuer", "symbol", "minister"),
    [
        (
            "2024-FY",
            "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
            "CỤC PHÒNG, CHỐNG TỆ NẠN XÃ HỘI",
            "BC-PCTNXH",
            "Bộ trưởng Bộ Lao động - Thương binh và Xã hội (để b/c)",
        ),
        ("2025-H1", "BỘ Y TẾ", "CỤC BẢO TRỢ XÃ HỘI", "BC-BTXH", "Bộ trưởng Bộ Y tế (để b/c)"),
        ("2025-FY", "BỘ Y TẾ", "CỤC BẢO TRỢ XÃ HỘI", "BC-BTXH", "Bộ trưởng Bộ Y tế (để b/c)"),
    ],
)
def test_the_consolidated_report_is_issued_by_the_monitoring_body_of_its_period(
    reorganised, code, superior, issuer, symbol, minister
):
    # Issued today, December 2026, whatever the period: the names are those of the period's due date.
    head = ministry_letterhead(f.period(reorganised, code), datetime.date(2026, 12, 4)).issuer
    assert (head.superior, head.name, head.symbol) == (superior, issuer, symbol)
    assert minister in head.recipients
    assert head.signer_title == "CỤC TRƯỞNG" and head.signing_authority == ""
    assert head.filed_at.startswith("VT, Cục ")


def test_a_renamed_department_renames_the_header_without_touching_code(reorganised):
    department = Agency.objects.get(code="cuc-btxh-byt")
    department.name, department.short_name = "Cục Phòng, chống tệ nạn và Bảo trợ xã hội", "Cục PCTN-BTXH"
    department.save()
    head = ministry_letterhead(f.period(reorganised, "2025-FY"), datetime.date(2026, 1, 5)).issuer
    assert head.name == "CỤC PHÒNG, CHỐNG TỆ NẠN VÀ BẢO TRỢ XÃ HỘI" and head.symbol == "BC-PCTN-BTXH"


def test_a_provinces_report_is_issued_by_its_department_of_that_day(reorganised):
    fy = f.period(reorganised, "2025-FY")
    report = f.report(Agency.objects.get(code="so-y-te-ho-chi-minh-2025"), fy, status="submitted")
    head = agency_issuer(report, datetime.date(2025, 12, 18))
    assert (head.superior, head.name) == ("UBND THÀNH PHỐ HỒ CHÍ MINH", "SỞ Y TẾ")
    assert head.place == "Hồ Chí Minh"
    assert head.recipients == ["Bộ Y tế (Cục Bảo trợ xã hội)"]

    h2024 = f.period(reorganised, "2024-FY")
    old = f.report(Agency.objects.get(code="so-ldtbxh-ha-giang"), h2024, status="submitted")
    head = agency_issuer(old, datetime.date(2024, 12, 18))
    assert (head.superior, head.name) == ("UBND TỈNH HÀ GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    assert head.recipients == ["Bộ Lao động - Thương binh và Xã hội (Cục Phòng, chống tệ nạn xã hội)"]


def test_the_2025_fy_consolidated_pdf_names_the_ministry_of_healths_department(reorganised):
    rendered = pdf.render_consolidated(f.period(reorganised, "2025-FY"), issued_on=datetime.date(2026, 1, 5))
    text = re.sub(
        r"\s+",
        " ",
        " ".join(
            unicodedata.normalize("NFC", p.extract_text() or "") for p in PdfReader(io.BytesIO(rendered.content)).pages
        ),
    )
    assert "BỘ Y TẾ" in text and "CỤC BẢO TRỢ XÃ HỘI" in text and "Số: /BC-BTXH" in text
    assert "Cục Bảo trợ xã hội, Bộ Y tế báo cáo" in text
    assert "LAO ĐỘNG - THƯƠNG BINH" not in text
