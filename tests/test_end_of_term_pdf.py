"""The end-of-term review renders like the consolidated report (issue 16, item 5): a "Báo cáo tổng kết"
in the Decree 30 layout, with each target over the term's years and in all (the whole term by the one
cumulation rule, a ratio of sums), every task of the term, and the lessons the agencies wrote."""

import datetime
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from agencies.models import Agency
from exports import pdf, selectors
from reporting import services
from reporting.models import TaskStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

LESSON = "Phối hợp liên ngành giữa công an và y tế là then chốt."


def flat_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(unicodedata.normalize("NFC", page.extract_text() or "") for page in reader.pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def review(reorganised):
    """Target 1 nationally: 40/150 in 2024 (Hà Giang 10/100, Tuyên Quang 30/50), 70/140 in 2025; a
    report still under review counts for nothing. Tuyên Quang's Sở Y tế's review is accepted, with its
    lessons and a task that ended before 2025."""
    plan = reorganised
    target = plan.targets.get(code="1")
    year_2024 = f.period(plan, "2024-FY", is_open=False)
    for code, numerator, denominator in (("ha-giang", 10, 100), ("tuyen-quang", 30, 50)):
        f.figure(f.report(f.dolisa(code), year_2024), target, numerator, denominator)
    health = Agency.objects.get(code="so-y-te-tuyen-quang-2025")
    f.figure(f.report(health, f.period(plan, "2025-FY", is_open=False)), target, 70, 140)
    f.figure(f.report(f.dolisa("tuyen-quang"), f.period(plan, "2023-FY"), "submitted"), target, 1, 1)
    period, _ = services.period_open_end_of_term(plan=plan, due_date=datetime.date(2027, 1, 15))
    report = f.report(health, period)
    report.lessons = LESSON
    report.proposals = "Xây dựng Chương trình giai đoạn 2026-2035."
    report.save()
    ended = next(t for t in plan.tasks.order_by("position") if t.last_year < 2025)
    report.task_progress.create(task=ended, status=TaskStatus.DONE, results="Đã hoàn thành năm 2023.")
    return period


def test_the_term_figures_are_the_ratio_of_the_years_sums(review):
    data = selectors.consolidated(review)
    row = next(r for r in data.term if r.target.code == "1")
    by_year = {year: (fig.numerator, fig.denominator) if fig else None for year, fig in row.years}
    assert by_year[2024] == (40, 150) and by_year[2025] == (70, 140)
    assert by_year[2023] == (None, None) or by_year[2023] is None  # the submitted 2023 report is not counted
    assert (row.total.numerator, row.total.denominator) == (110, 290)
    assert row.total.percent == round(110 * 100 / 290, 1)
    # every task of the term is reported on, one that ended before 2025 too
    codes = {s.task.code for _g, sections in data.groups for s in sections}
    assert codes == set(review.plan.tasks.values_list("code", flat=True))
    assert data.lessons and data.lessons[0][1] == LESSON


def test_the_review_reads_as_a_bao_cao_tong_ket(review):
    text = flat_text(pdf.render_consolidated(review, issued_on=datetime.date(2027, 1, 20)).content)
    assert "BÁO CÁO Tổng kết thực hiện Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm" in text
    assert "giai đoạn 2022-2025" in text
    assert "Cả giai đoạn" in text and "Năm 2024" in text and "Năm 2022" in text
    assert "37,9%" in text and "(110/290)" in text  # the whole term: 110/290, not a mean of 26,7% and 50%
    assert "26,7%" in text and "50%" in text
    # headings print in capitals (the stylesheet); the lessons section names the agency beside its text
    assert f"VI. BÀI HỌC KINH NGHIỆM - Sở Y tế Tuyên Quang: {LESSON}" in text
    assert "VIII. ĐỀ XUẤT, KIẾN NGHỊ CHO CHƯƠNG TRÌNH GIAI ĐOẠN TIẾP THEO" in text
    assert "Xây dựng Chương trình giai đoạn 2026-2035." in text
    # the task that ended in 2023 has its results over the term (the province's text in Annex IV)
    assert "đã hoàn thành: 1" in text and "Đã hoàn thành năm 2023." in text
    assert "Trên đây là báo cáo tổng kết thực hiện Kế hoạch giai đoạn 2022-2025" in text
    assert "6 tháng đầu năm" not in text and "KỲ TỚI" not in text


def test_the_reviews_draft_prints_the_lessons_and_the_term_table(review, reviewer):
    """The end-of-term review written as a draft (exports.ConsolidatedDraft): its sections with the
    lessons, in order, the term table after the results, the agency's lesson in the annex."""
    from exports import synthesis
    from exports.services import draft_create

    draft = draft_create(user=reviewer, period=review)
    assert "lessons" in draft.sections
    text = flat_text(pdf.render_consolidated(review, draft=draft.versions.get()).content)
    headings = [heading.upper() for _key, heading in synthesis.sections_for(review)]
    at = [text.index(heading) for heading in headings]
    assert at == sorted(at) and "BÀI HỌC KINH NGHIỆM" in headings
    assert at[1] < text.index("Cả giai đoạn") < at[2]  # the term table sits in the results
    assert "(110/290)" in text
    assert "NỘI DUNG BÁO CÁO CỦA CÁC CƠ QUAN, ĐỊA PHƯƠNG" in text and LESSON in text
