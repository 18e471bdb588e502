"""The consolidated report's narrative pre-filled from the data (issue 16, item 1): a summary, not a dump.

The reports' difficulties, causes, directions, proposals and lessons are merged point by point and
grouped, each line naming its agencies in Vietnamese order; the situation opens with who reported;
a statistic nobody gave is never written as 0; the assessment reads the targets' own statuses.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from exports import grouping, selectors, synthesis
from exports.grouping import Theme
from reporting import services
from reporting.answers import NoAnswer
from reporting.demo import fill_period
from reporting.models import Report, StatisticItem, StatisticValue
from reporting.obligations import period_obligations
from tests import factories as f

pytestmark = pytest.mark.django_db

THEMES = grouping.synthesis_data().themes


def lines_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.startswith("- ")]


# -- points and names -------------------------------------------------------------------------------


def test_the_same_point_from_two_provinces_is_one_line_naming_both(plan):
    hanoi, danang = f.dolisa("ha-noi"), f.dolisa("da-nang")
    entries = [
        (hanoi, "Kinh phí bố trí cho công tác phòng, chống mại dâm còn hạn chế."),
        # the same point as another officer types it: a bullet, no final period, other case and spacing
        (danang, "- kinh phí bố trí cho công tác phòng, chống mại dâm  còn hạn chế"),
    ]

    text = grouping.grouped_text(entries, intro="Khó khăn:", empty="Không có.", themes=THEMES)

    assert lines_of(text) == [
        "- Kinh phí bố trí cho công tác phòng, chống mại dâm còn hạn chế (Đà Nẵng, Hà Nội).",
    ]


def test_a_near_identical_point_is_merged_and_a_different_one_is_not(plan):
    hanoi, danang, hcm = f.dolisa("ha-noi"), f.dolisa("da-nang"), f.dolisa("ho-chi-minh")
    points = grouping.merge_points(
        [
            (hanoi, "Đội ngũ cán bộ cấp xã kiêm nhiệm, thường xuyên thay đổi, chưa được tập huấn đầy đủ."),
            (danang, "Đội ngũ cán bộ cấp xã còn kiêm nhiệm, thường xuyên thay đổi, chưa được tập huấn đầy đủ."),
            (hcm, "Hoạt động mại dâm chuyển sang hình thức trá hình qua mạng xã hội."),
        ]
    )

    assert [sorted(a.code for a in p.agencies) for p in points] == [
        ["so-ldtbxh-da-nang", "so-ldtbxh-ha-noi"],
        ["so-ldtbxh-ho-chi-minh"],
    ]


def test_a_report_is_split_into_its_points_without_lead_ins_or_empty_answers():
    text = (
        "Một số khó khăn như sau:\n"
        "- Kinh phí còn thiếu. Cán bộ kiêm nhiệm nhiều việc.\n"
        "2. Tại TP. Hồ Chí Minh tụ điểm phức tạp;\n"
        "b) Không có."
    )

    assert grouping.split_points(text) == [
        "Kinh phí còn thiếu",
        "Cán bộ kiêm nhiệm nhiều việc",
        "Tại TP. Hồ Chí Minh tụ điểm phức tạp",
    ]
    assert grouping.split_points("Không có ý kiến.") == []


def test_names_are_bodies_then_provinces_each_in_vietnamese_alphabetical_order(plan):
    agencies = [
        f.dolisa("ho-chi-minh"),
        f.dolisa("ha-noi"),
        f.dolisa("da-nang"),
        Agency.objects.get(code="bo-y-te"),
        f.dolisa("can-tho"),
        Agency.objects.get(code="bo-cong-an"),
    ]

    # Đ after D and before H (code-point order would put "Đà Nẵng" after "Hồ Chí Minh"); the city is
    # "TP. Hồ Chí Minh" (a bare "Hồ Chí Minh" names the President), sorted by its name.
    assert grouping.agency_names(agencies) == "Bộ Công an, Bộ Y tế, Cần Thơ, Đà Nẵng, Hà Nội, TP. Hồ Chí Minh"


def test_names_holding_a_comma_are_separated_by_semicolons(plan):
    agencies = [Agency.objects.get(code="bo-vhttdl"), Agency.objects.get(code="bo-cong-an"), f.dolisa("ha-noi")]

    assert grouping.agency_names(agencies) == "Bộ Công an; Bộ Văn hóa, Thể thao và Du lịch; Hà Nội"


def test_after_six_names_the_others_are_counted(plan):
    codes = ["an-giang", "can-tho", "da-nang", "ha-noi", "ho-chi-minh", "hai-phong", "nghe-an", "thanh-hoa"]
    provinces = [f.dolisa(code) for code in codes]

    assert grouping.agency_names(provinces[:7]).count(",") == 6  # seven: all named, no "1 khác"
    names = grouping.agency_names(provinces)
    assert names.endswith(" và 2 địa phương khác")
    assert names.startswith("An Giang, Cần Thơ, Đà Nẵng, Hà Nội, Hải Phòng, TP. Hồ Chí Minh")


def test_when_both_kinds_overflow_each_keeps_names_and_the_others_are_counted_by_kind(plan):
    bodies = [Agency.objects.get(code=c) for c in ("bo-cong-an", "bo-y-te", "bo-tu-phap", "bo-tai-chinh")]
    provinces = [f.dolisa(c) for c in ("ha-noi", "da-nang", "can-tho", "an-giang", "nghe-an")]

    names = grouping.agency_names([*provinces, *bodies])

    assert names == "Bộ Công an, Bộ Tài chính, Bộ Tư pháp, An Giang, Cần Thơ, Đà Nẵng và 1 cơ quan, 2 địa phương khác"


def test_a_group_of_many_points_keeps_the_most_raised_and_counts_the_others_in_one_line(plan):
    provinces = [f.dolisa(c) for c in ("ha-noi", "da-nang", "can-tho", "an-giang", "nghe-an", "thanh-hoa")]
    funding = [
        "Kinh phí tuyên truyền cấp xã không có",
        "Kinh phí cho mô hình thí điểm chưa được bố trí",
        "Ngân sách địa phương khó khăn, không đối ứng được",
        "Kinh phí hỗ trợ học nghề thấp",
        "Định mức chi cho đoàn kiểm tra không còn phù hợp",
        "Nguồn lực tài chính phụ thuộc ngân sách trung ương",
        "Kinh phí in tài liệu bị cắt giảm",
        "Kinh phí bố trí chậm so với kế hoạch",
    ]
    entries = [(provinces[0], text) for text in funding[:2]]  # the first two raised by every province
    entries += [(p, ". ".join(funding[:2])) for p in provinces[1:]]
    entries += [(provinces[i % 6], text) for i, text in enumerate(funding[2:])]

    text = grouping.grouped_text(entries, intro="Khó khăn:", empty="", themes=THEMES)

    lines = lines_of(text)
    assert len(lines) == grouping.LINES_SHOWN + 1
    assert lines[0].startswith("- Kinh phí tuyên truyền cấp xã không có (An Giang, Cần Thơ, Đà Nẵng, Hà Nội")
    assert lines[-1].startswith("- Một số ý kiến khác (")


# -- themes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Kinh phí bố trí hằng năm thấp.", "kinh-phi"),
        ("kinh phi con thieu", "kinh-phi"),  # typed without tone marks
        ("Đội ngũ cán bộ cấp xã kiêm nhiệm.", "can-bo"),
        ("Đề nghị ban hành hướng dẫn thống nhất về biểu mẫu thống kê số liệu.", "so-lieu"),
        ("Sự phối hợp liên ngành có lúc chưa chặt chẽ.", "phoi-hop"),
        ("Hoạt động mại dâm trá hình qua mạng xã hội.", "dia-ban"),
        ("Nhân rộng mô hình hỗ trợ người bán dâm tái hòa nhập cộng đồng.", "ho-tro"),
        ("Thời tiết bất thường.", "khac"),
    ],
)
def test_a_point_goes_to_the_theme_whose_keywords_it_holds(text, theme):
    assert grouping.theme_of(text, THEMES).key == theme


def test_many_points_are_lettered_by_theme_and_unthemed_ones_by_kind_of_agency(plan):
    hanoi, police = f.dolisa("ha-noi"), Agency.objects.get(code="bo-cong-an")
    themed = [
        (hanoi, "Kinh phí còn thiếu. Cán bộ kiêm nhiệm. Số liệu thống kê chưa thống nhất."),
        (police, "Phối hợp liên ngành chưa chặt chẽ. Mạng xã hội khó kiểm soát. Tái hòa nhập cộng đồng khó khăn."),
    ]
    text = grouping.grouped_text(themed, intro="Khó khăn:", empty="", themes=THEMES)
    assert "a) Về kinh phí, nguồn lực:" in text and "b) Về đội ngũ cán bộ, nhân lực:" in text
    # lettered in the Vietnamese alphabet: đ) after d), no f)
    assert "đ) Về hỗ trợ, tái hòa nhập cộng đồng:" in text and "e) Về quản lý địa bàn" in text
    assert "f)" not in text

    unthemed = [(hanoi, "Thời tiết bất thường. Mưa lũ kéo dài."), (police, "Dịch bệnh. Địa hình hiểm trở.")]
    text = grouping.grouped_text(unthemed, intro="Khó khăn:", empty="", themes=THEMES)
    assert "a) Các bộ, ngành, cơ quan trung ương:" in text and "b) Các địa phương:" in text


def test_a_custom_theme_list_is_read_as_given(plan):
    themes = (Theme("gio", "gió", ("gió",)), Theme("khac", "khác", ()))
    assert grouping.theme_of("Gio bao lon", themes).key == "gio"
    assert grouping.theme_of("Mưa", themes).key == "khac"


# -- prefill on periods -------------------------------------------------------------------------------


SMALL = frozenset({"so-ldtbxh-ha-noi", "so-ldtbxh-da-nang", "so-ldtbxh-can-tho", "bo-cong-an"})


@pytest.fixture
def small(plan):
    """2024-FY: three provinces and the police accepted; Hồ Chí Minh sent and awaiting review."""
    period = f.period(plan, "2024-FY", is_open=False)
    fill_period(period, only_codes=SMALL)
    fill_period(period, status=Report.Status.SUBMITTED, only_codes=frozenset({"so-ldtbxh-ho-chi-minh"}))
    return period


def test_the_situation_opens_with_who_reported_of_the_expected(small):
    obligations = period_obligations(small)
    provinces = len(obligations.provinces())
    central = len(obligations.agencies) - provinces

    text = synthesis.prefill(small)["situation"]

    assert text.startswith(f"Trong kỳ có {len(obligations.agencies)} cơ quan, địa phương phải báo cáo; 5 đơn vị")
    assert f"Theo báo cáo của 3/{provinces} tỉnh, thành phố và 1/{central} bộ, ngành, cơ quan trung ương" in text
    assert "1 báo cáo đã gửi đang được thẩm định, chưa tính vào số liệu dưới đây." in text
    draft = synthesis.prefill(small, include_submitted=True)["situation"]
    assert f"Theo báo cáo của 4/{provinces} tỉnh, thành phố" in draft


def test_a_statistic_nobody_gave_is_not_written_as_zero(small):
    item = StatisticItem.objects.get(code="vu-an-xet-xu")
    StatisticValue.objects.filter(item=item).update(value=None, no_answer=NoAnswer.NO_DATA, no_answer_reason="Chưa có.")
    given = StatisticItem.objects.get(code="te-diem-cong-cong")
    total = sum(StatisticValue.objects.filter(item=given, report__status="accepted").values_list("value", flat=True))

    text = synthesis.prefill(small)["situation"]

    line = next(x for x in lines_of(text) if x.startswith(f"- {item.label}:"))
    assert "chưa có đơn vị nào báo cáo số liệu" in line and "3 đơn vị không có số liệu" in line
    assert not re.search(rf"{item.label}: 0\b", text)
    assert f"- {given.label}: {total:,}".replace(",", ".") + " điểm" in text


def test_results_count_agencies_and_states_per_group_with_the_groups_figures(small):
    data = selectors.consolidated(small)
    group, _sections = data.groups[0]

    text = synthesis.prefill(small)["results"]

    assert f"{group.code}. {group.title}" in text
    figure = next(x for x in data.figures if x.target.code == "1")
    assert f"- Chỉ tiêu 1 (xã có tuyên truyền phòng ngừa mại dâm): {figure.value:.1f}".replace(".", ",") in text
    assert "Chỉ tiêu 11a" in text.split("5. ")[1]  # training figures under group 5


def test_a_groups_results_count_its_agencies_by_kind_and_its_tasks_by_state(plan):
    period = f.period(plan, "2024-FY", is_open=False)
    group = plan.groups.get(code="1")
    first, second = group.tasks.order_by("position")[:2]
    hanoi, police = f.report(f.dolisa("ha-noi"), period), f.report(Agency.objects.get(code="bo-cong-an"), period)
    f.progress(hanoi, first, "done", "Tổ chức 12 hội nghị.")
    f.progress(hanoi, second, "in_progress")
    f.progress(police, first, "in_progress")
    f.progress(f.report(f.dolisa("da-nang"), period, "submitted"), first, "done")  # not counted
    tasks = len(dict(selectors.consolidated(period).groups)[group])

    text = synthesis.prefill(period)["results"]

    assert (
        f"Có 2 cơ quan, địa phương (1 bộ, ngành, cơ quan trung ương và 1 tỉnh, thành phố) báo cáo tiến độ {tasks} nhiệm vụ của nhóm, "
        "với 3 lượt báo cáo nhiệm vụ: 1 đã hoàn thành, 2 đang thực hiện."
    ) in text
    assert "Tổ chức 12 hội nghị" not in text  # counts and figures, not each agency's text


def test_the_assessment_reads_the_targets_statuses(small):
    text = synthesis.prefill(small)["assessment"]
    # four of 63 provinces: nothing can be judged for the country
    assert "Các chỉ tiêu chưa đủ số liệu để đánh giá:" in text
    assert "Các chỉ tiêu chưa đạt:" not in text
    assert "số liệu mới có của 3/63 tỉnh" in text


def test_a_period_without_a_counted_report_says_so_and_invents_nothing(plan):
    period = f.period(plan, "2024-FY", is_open=False)
    f.report(f.dolisa("ha-noi"), period, "submitted")

    texts = synthesis.prefill(period)

    assert "Chưa có báo cáo nào đã được tiếp nhận; chưa có số liệu để tổng hợp." in texts["situation"]
    assert "- Chỉ tiêu" not in texts["results"]
    assert texts["assessment"].endswith("chỉ tiêu đều chưa có số liệu.")
    assert not re.search(r"\b0 (người|vụ|cơ sở|điểm)\b", "\n".join(texts.values()))


def test_an_empty_section_says_no_report_raised_it(plan):
    period = f.period(plan, "2024-FY", is_open=False)
    f.report(f.dolisa("ha-noi"), period)

    texts = synthesis.prefill(period)

    assert texts["limitations"] == "Các báo cáo đã tiếp nhận không nêu hạn chế, khó khăn."
    assert texts["proposals"] == "Các báo cáo đã tiếp nhận không nêu đề xuất, kiến nghị."


def test_the_end_of_term_review_has_the_lessons_section(plan):
    year_2024 = f.period(plan, "2024-FY", is_open=False)
    f.figure(f.report(f.dolisa("ha-noi"), year_2024), plan.targets.get(code="1"), 10, 100)
    f.figure(f.report(f.dolisa("da-nang"), year_2024), plan.targets.get(code="1"), 30, 50)
    period, _ = services.period_open_end_of_term(plan=plan, due_date=datetime.date(2027, 1, 15))
    for code in ("ha-noi", "da-nang"):
        report = f.report(f.dolisa(code), period)
        report.lessons = "Phối hợp liên ngành giữa công an và y tế là then chốt."
        report.save()

    keys = [key for key, _heading in synthesis.sections_for(period)]
    texts = synthesis.prefill(period)

    assert keys == [
        "situation",
        "results",
        "assessment",
        "limitations",
        "causes",
        "lessons",
        "directions",
        "proposals",
    ]
    assert lines_of(texts["lessons"]) == ["- Phối hợp liên ngành giữa công an và y tế là then chốt (Đà Nẵng, Hà Nội)."]
    assert dict(synthesis.sections_for(period))["directions"] == "Phương hướng cho giai đoạn tiếp theo"
    # the term's figure (Σ numerators / Σ denominators of the years), then its latest year
    assert (
        "- Chỉ tiêu 1 (xã có tuyên truyền phòng ngừa mại dâm): cả giai đoạn 26,7% (40/150); năm 2024 là"
        in (texts["results"])
    )
    half_year = f.period(plan, "2025-H1")
    assert "lessons" not in dict(synthesis.sections_for(half_year))
    assert set(synthesis.prefill(half_year)) == set(synthesis.section_keys(half_year))


def test_the_demo_sized_year_is_a_few_lines_instead_of_a_bullet_per_report(plan):
    """2024-FY filled by every expected agency (the demo's generator): one bullet per report before."""
    period = f.period(plan, "2024-FY", is_open=False)
    fill_period(period, only_codes=SMALL)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        synthesis.prefill(period)
    fill_period(period, skip_codes=SMALL)
    cache.clear()
    data = selectors.consolidated(period)
    before = len(data.limitations) + len(data.causes) + len(data.directions) + len(data.proposals)

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        texts = synthesis.prefill(period)
    after = sum(len(lines_of(texts[key])) for key in ("limitations", "causes", "directions", "proposals"))

    assert len(data.limitations) > 60 and before > 250
    assert after <= 13  # the demo's texts hold 13 distinct points
    assert len(lines_of(texts["limitations"])) <= 4
    assert len(queries) == len(few) <= 40  # a fixed number, whatever the number of reports
    print(f"2024-FY: {before} compiled bullets before, {after} lines after")
