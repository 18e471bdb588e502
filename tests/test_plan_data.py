"""The plan loaded from fixtures/plan808.yaml is the plan the decision writes (tests/data/qd-808-LDTBXH-2022.txt).

The expected tables below are read from the decision by hand, not copied from the fixture; the
word-for-word checks compare the database with the text of the decision itself.
"""

import datetime
import re
from decimal import Decimal

import pytest

from agencies.models import Agency, Collective
from indicators.models import Target
from tasks.models import Activity, Responsibility
from tests import decision
from tests.decision import norm

pytestmark = pytest.mark.django_db

# -- the cast of agencies, by the record each spelling must resolve to ----------------------------------
MOLISA = "bo-ldtbxh"  # Bộ Lao động - Thương binh và Xã hội
MIC = "bo-tttt"  # Bộ Thông tin và Truyền thông
CEMA = "ubdt"  # Ủy ban Dân tộc
MOET = "bo-gddt"  # Bộ Giáo dục và Đào tạo
VGCL = "tong-ldld"  # Tổng Liên đoàn Lao động Việt Nam
YOUTH = "tw-doan"  # Trung ương Đoàn Thanh niên cộng sản Hồ Chí Minh
WOMEN = "tw-hlhpn"  # Trung ương Hội Liên hiệp Phụ nữ Việt Nam
FARMERS = "tw-hnd"  # Trung ương Hội Nông dân Việt Nam
VETERANS = "tw-hccb"  # Trung ương Hội Cựu chiến binh Việt Nam
VBSP = "nhcsxh"  # Ngân hàng chính sách xã hội
MPS = "bo-cong-an"  # Bộ Công an
MOD = "bo-quoc-phong"  # Bộ Quốc phòng
MOH = "bo-y-te"  # Bộ Y tế
MOJ = "bo-tu-phap"  # Bộ Tư pháp
MOF = "bo-tai-chinh"  # Bộ Tài chính
MOIT = "bo-cong-thuong"  # Bộ Công thương
MOCST = "bo-vhttdl"  # Bộ Văn hóa, Thể thao và Du lịch
PROCURACY = "vks-tc"  # Viện Kiểm sát nhân dân tối cao
COURT = "tand-tc"  # Tòa án nhân dân tối cao
# Collectives: "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "Các Bộ, ngành, cơ quan trung
# ương của các đoàn thể", "các cơ quan báo chí".
PROVINCES, SECTORS, PRESS = "*ubnd-cac-tinh", "*bo-nganh-doan-the", "*co-quan-bao-chi"

# Task -> (Cơ quan chủ trì, Cơ quan phối hợp), in the order the decision writes them.
RESPONSIBILITIES = {
    "1.1": ([MOLISA, MIC, PROVINCES], [SECTORS, PRESS]),
    "1.2": ([MOLISA, MIC, CEMA, PROVINCES], [SECTORS, PRESS]),
    "1.3": ([MIC, PROVINCES, PRESS, MOLISA], [SECTORS]),
    "1.4": ([MOLISA, MIC, MOET, VGCL, YOUTH], [SECTORS, PROVINCES, PRESS]),
    "1.5": ([MOLISA, MOET, CEMA, VGCL], [SECTORS, PROVINCES]),
    "1.6": ([MOLISA], [SECTORS, PROVINCES]),
    "2.1": ([MOLISA, WOMEN, PROVINCES], [VGCL, YOUTH]),
    "2.2": ([MOLISA, PROVINCES], [VGCL, YOUTH, WOMEN, VBSP]),
    "2.3": ([MOLISA, PROVINCES], [SECTORS]),
    "3.1": ([MPS, MOLISA, MOD], [SECTORS, PROVINCES]),
    "3.2": ([MOLISA, PROVINCES], [MPS, MOCST, MOH, MOIT, MIC]),
    "3.3": ([MPS], [MOLISA, MOCST, MOH, PROVINCES]),
    # The decision names MOLISA twice among 3.4's partners; it is one partner.
    "3.4": ([MPS, MOD], [MOLISA, MIC, PROCURACY, COURT, MOCST, PROVINCES]),
    "4.1": ([MOLISA], [MOH, WOMEN, PROVINCES]),
    "4.2": ([MOLISA, PROVINCES], [MOH, WOMEN, YOUTH, FARMERS, VETERANS]),
    "4.3": ([MOLISA], [MOH, MOJ, PROVINCES]),
    "4.4": ([MOLISA, PROVINCES], [MOH, MOF, MPS, WOMEN]),
    "5": ([MOLISA], [SECTORS, PROVINCES]),
    "6": ([MOLISA, MPS], [MOJ, MOH, MOCST, MOF, PROVINCES]),
    "7": ([MOLISA], [SECTORS, PROVINCES]),
}

# Task -> (kind, first year, last year, text as written) from "c) Thời gian thực hiện".
TIMEFRAMES = {
    **dict.fromkeys(RESPONSIBILITIES, ("every_year", None, None, "Hằng năm")),
    "1.6": ("single_year", 2025, 2025, "năm 2025"),
    "2.1": ("year_range", 2022, 2023, "năm 2022-2023"),
    "3.3": ("every_year", None, None, "Hàng năm"),  # spelled "Hàng" once; it means the same
    "4.1": ("year_range", 2022, 2023, "năm 2022-2023"),
    "4.2": ("year_range", 2022, 2025, "năm 2022-2025"),
}

ACTIVITY_COUNTS = {
    "1.1": 2, "1.2": 5, "1.3": 4, "1.4": 4, "1.5": 4, "1.6": 1,
    "2.1": 2, "2.2": 2, "2.3": 2,
    "3.1": 3, "3.2": 3, "3.3": 2, "3.4": 5,
    "4.1": 4, "4.2": 5, "4.3": 4, "4.4": 3,
    "5": 4, "6": 6, "7": 4,
}  # fmt: skip

# Target -> (indicator, measure, comparator, threshold, upper bound, level, first year, last year)
TARGETS = {
    "1": (1, "ratio", "gte", 70, None, "commune", None, None),
    "2a": (2, "months_covered", "gte", 100, None, "central", None, None),
    "2b": (2, "months_covered", "gte", 100, None, "province", None, None),
    "3a": (3, "ratio", "gte", 70, None, "province", None, None),
    "3b": (3, "ratio", "gte", 60, None, "province", None, None),
    "3c": (3, "ratio", "gte", 70, None, "province", None, None),
    "4": (4, "yes_no_share", "gte", 100, None, "province", None, None),
    "5": (5, "yes_no_share", "gte", 50, None, "province", None, None),
    "6": (6, "ratio", "gte", 100, None, "province", None, None),
    "7": (7, "yoy_change", "between", 3, 5, "province", None, None),
    "8a": (8, "ratio", "gte", 20, None, "province", None, None),
    "8b": (8, "cumulative_coverage", "gte", 100, None, "province", 2022, 2025),
    "9": (9, "ratio", "gte", 10, None, "district", None, None),
    "10": (10, "ratio", "gte", 60, None, "province", None, None),
    "11a": (11, "ratio", "gte", 70, None, "provincial_staff", None, None),
    "11b": (11, "ratio", "gte", 50, None, "district_commune_staff", None, None),
}

# The 63 provinces and centrally-run cities of 2022; the five cities are "thành phố".
CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}
PROVINCE_NAMES = {
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng",
    "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
}  # fmt: skip

# The spellings the domain brief lists for one agency each.
ALIAS_GROUPS = {
    YOUTH: [
        "Trung ương Đoàn TNCS Hồ Chí Minh",
        "Trung ương Đoàn Thanh niên cộng sản Hồ Chí Minh",
        "Đoàn thanh niên cộng sản Hồ Chí Minh",
    ],
    WOMEN: [
        "Trung ương Hội Liên hiệp phụ nữ Việt Nam",
        "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
        "Hội Liên hiệp Phụ nữ Việt Nam",
    ],
    MOCST: ["Bộ Văn hóa - Thể Thao và Du lịch", "Bộ Văn hóa, Thể thao và Du lịch"],
    MOLISA: ["Bộ LĐTBXH", "Bộ Lao động - Thương binh và Xã hội"],
}


def _party_code(responsibility: Responsibility) -> str:
    return responsibility.agency.code if responsibility.agency_id else "*" + responsibility.collective.code


def _spellings() -> dict[str, set[str]]:
    """Every name and alias of every agency -> the codes of the agencies that carry it."""
    owners: dict[str, set[str]] = {}
    for agency in Agency.objects.all():
        for spelling in [agency.name, *agency.aliases]:
            owners.setdefault(norm(spelling), set()).add(agency.code)
    return owners


# -- the plan and its counts ------------------------------------------------------------------


def test_the_plan_carries_decision_808_of_5_september_2022_for_2022_to_2025(plan):
    assert plan.decision_date == datetime.date(2022, 9, 5)
    assert plan.parent_decision == "1629/QĐ-TTg"
    assert plan.parent_decision_date == datetime.date(2021, 9, 28)
    assert (plan.start_year, plan.end_year) == (2022, 2025)
    assert plan.issuer.code == MOLISA
    assert plan.title == "Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm giai đoạn 2021-2025"
    assert plan.signer == "Nguyễn Văn Hồi"


def test_the_plan_has_7_groups_20_tasks_69_activities_11_indicators_and_16_targets(plan):
    assert list(plan.groups.order_by("position").values_list("code", flat=True)) == list("1234567")
    assert list(plan.tasks.order_by("position").values_list("code", flat=True)) == [
        "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4",
        "4.1", "4.2", "4.3", "4.4", "5", "6", "7",
    ]  # fmt: skip
    assert Activity.objects.filter(task__plan=plan).count() == 69
    assert list(plan.indicators.order_by("number").values_list("number", flat=True)) == list(range(1, 12))
    assert list(plan.targets.order_by("position").values_list("code", flat=True)) == list(TARGETS)
    assert (Target.objects.filter(indicator__plan=plan).count(), plan.tasks.filter(group__plan=plan).count()) == (
        16,
        20,
    )


def test_each_task_belongs_to_the_group_of_its_code_and_groups_5_6_7_are_one_task_each(plan):
    for task in plan.tasks.select_related("group"):
        assert task.group.code == task.code.split(".")[0]
    for code in "567":
        group = plan.groups.get(code=code)
        assert [t.code for t in group.tasks.all()] == [code]
        assert group.tasks.get().title == group.title


def test_every_task_has_its_number_of_activities_in_order(plan):
    counts = {t.code: t.activities.count() for t in plan.tasks.all()}
    assert counts == ACTIVITY_COUNTS
    for task in plan.tasks.all():
        assert list(task.activities.values_list("position", flat=True)) == list(range(1, counts[task.code] + 1))


# -- word for word ---------------------------------------------------------------------------


def test_group_and_task_titles_are_the_headings_of_section_iii(plan):
    for group in plan.groups.all():
        assert norm(group.title) == norm(decision.groups()[group.code])
    for task in plan.tasks.all():
        assert norm(task.title) == norm(decision.tasks()[task.code].title), task.code


def test_every_activity_is_a_bullet_of_its_task_in_the_decisions_wording(plan):
    whole_text = norm(decision.text())
    for task in plan.tasks.prefetch_related("activities"):
        texts = [a.text for a in task.activities.all()]
        for text in texts:
            assert norm(text) in whole_text, f"{task.code}: not in the decision: {text[:80]}"
        assert [norm(t) for t in texts] == [norm(b) for b in decision.tasks()[task.code].activities], task.code


def test_each_tasks_leads_and_partners_are_as_the_decision_assigns_them_in_order(plan):
    for task in plan.tasks.prefetch_related("responsibilities__agency", "responsibilities__collective"):
        rows = sorted(task.responsibilities.all(), key=lambda r: (r.role, r.position))
        leads = [_party_code(r) for r in rows if r.role == Responsibility.Role.LEAD]
        partners = [_party_code(r) for r in rows if r.role == Responsibility.Role.PARTNER]
        assert (leads, partners) == RESPONSIBILITIES[task.code], task.code


def _cover(line: str, spellings: list[str]) -> str:
    """Remove each spelling from ``line`` in order (each after the previous); what is left between them."""
    rest, at = [], 0
    for spelling in spellings:
        found = line.find(spelling, at)
        assert found >= 0, f"{spelling!r} is not in {line[at:]!r} (order or wording differs)"
        rest.append(line[at:found])
        at = found + len(spelling)
    rest.append(line[at:])
    return "|".join(rest)


@pytest.mark.parametrize("role", ["lead", "partner"])
def test_responsibilities_keep_the_text_as_written_and_leave_nothing_of_the_line_out(plan, role):
    # Given the line "- Cơ quan chủ trì: A, B và C." of each task
    for task in plan.tasks.prefetch_related("responsibilities"):
        block = decision.tasks()[task.code]
        line = norm(block.lead_line if role == "lead" else block.partner_line)
        written = [
            r.written_as for r in sorted(task.responsibilities.all(), key=lambda r: r.position) if r.role == role
        ]
        # When each entry is cut out of the line in its order
        rest = _cover(line, [norm(w) for w in written])
        # Then only separators remain: every agency of the line is an entry, and no entry is invented.
        if task.code == "3.4" and role == "partner":
            # ... except the second naming of MOLISA, which is kept once.
            assert rest == "|, |, |, |, Bộ Lao động - Thương binh và Xã hội, |, |."
        else:
            assert re.fullmatch(r"\|((, | và |, và )\|)*\.", rest), f"{task.code} {role}: {rest!r}"


def test_task_3_4_names_molisa_once_among_its_partners(plan):
    partners = plan.tasks.get(code="3.4").responsibilities.filter(role="partner")
    assert partners.filter(agency__code=MOLISA).count() == 1
    assert decision.tasks()["3.4"].partner_line.count("Bộ Lao động - Thương binh và Xã hội") == 2


def test_a_collective_stays_as_written_and_expands_to_its_members(plan):
    provinces = Collective.objects.get(code="ubnd-cac-tinh")
    entry = plan.tasks.get(code="1.1").responsibilities.get(collective=provinces)
    assert entry.written_as == "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
    assert entry.agency is None
    assert provinces.expand(datetime.date(2022, 9, 5)).count() == 63
    press = Collective.objects.get(code="co-quan-bao-chi").expand()
    assert {a.name for a in press} >= {"Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam"}
    sectors = set(Collective.objects.get(code="bo-nganh-doan-the").expand().values_list("code", flat=True))
    assert {MPS, MOH, MOLISA, WOMEN, YOUTH, VGCL} <= sectors
    assert not sectors & set(Agency.objects.provinces().values_list("code", flat=True))


# -- timeframes --------------------------------------------------------------------------------


def test_timeframes_are_structured_and_keep_the_text_as_written(plan):
    found = {t.code: (t.timeframe_kind, t.timeframe_start, t.timeframe_end, t.timeframe_text) for t in plan.tasks.all()}
    assert found == TIMEFRAMES
    for code, (*_, text) in TIMEFRAMES.items():
        assert decision.tasks()[code].timeframe == text


def test_an_every_year_task_runs_through_the_plan_and_a_range_ends_with_its_last_year(plan):
    assert [plan.tasks.get(code="3.3").runs_in(y) for y in (2021, 2022, 2025, 2026)] == [False, True, True, False]
    assert plan.tasks.get(code="2.1").last_year == 2023
    assert not plan.tasks.get(code="2.1").runs_in(2024)
    assert [plan.tasks.get(code="1.6").runs_in(y) for y in (2024, 2025)] == [False, True]


# -- indicators and targets ------------------------------------------------------------------


def test_indicators_are_the_bullets_of_section_ii_2_word_for_word(plan):
    bullets = decision.indicator_bullets()
    assert len(bullets) == 11
    for indicator in plan.indicators.all():
        assert norm(indicator.text) == norm(bullets[indicator.number - 1])


@pytest.mark.parametrize("code", list(TARGETS))
def test_every_target_has_its_measure_threshold_level_and_years(plan, code):
    number, measure, comparator, low, high, level, first, last = TARGETS[code]
    target = plan.targets.select_related("indicator").get(code=code)
    assert target.indicator.number == number
    assert (target.measure, target.comparator, target.level) == (measure, comparator, level)
    assert target.threshold == Decimal(low)
    assert target.threshold_upper == (None if high is None else Decimal(high))
    assert (target.years_from, target.years_to) == (first, last)
    assert target.unit == "%"
    # A target is worded from its indicator (2a and 2b each repeat the subject the sentence shares).
    assert set(re.findall(r"\w+", target.text)) <= set(re.findall(r"\w+", target.indicator.text))
    assert target.numerator_label
    assert target.baseline_value is None  # the baseline is entered later by an admin


def test_target_8b_is_asked_every_year_from_2022_and_due_by_2025_as_8a_every_year(plan):
    # "đến năm 2025, 100% các cơ sở được kiểm tra ít nhất 1 lần": cumulative coverage asked every year
    eight_a, eight_b = plan.targets.get(code="8a"), plan.targets.get(code="8b")
    assert [eight_b.applies_in(y) for y in (2021, 2022, 2023, 2024, 2025, 2026)] == [
        False,
        True,
        True,
        True,
        True,
        False,
    ]
    assert all(eight_a.applies_in(y) for y in plan.years)


def test_target_7_is_a_rise_of_3_to_5_percent(plan):
    seven = plan.targets.get(code="7")
    assert seven.threshold_text == "3-5%"
    assert [seven.is_met(v) for v in (Decimal("2.9"), 3, 4, 5, Decimal("5.1"))] == [False, True, True, True, False]
    assert seven.is_met(None) is None
    assert plan.targets.get(code="1").threshold_text == "≥ 70%"


# -- agencies ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(ALIAS_GROUPS))
def test_every_spelling_of_an_agency_resolves_to_one_record(code):
    owners = _spellings()
    for spelling in ALIAS_GROUPS[code]:
        assert owners.get(norm(spelling)) == {code}, spelling


def test_no_spelling_belongs_to_two_agencies():
    assert {s: c for s, c in _spellings().items() if len(c) > 1} == {}


def test_the_spellings_used_in_tasks_point_at_the_same_agency(plan):
    youth = {r.agency.code for r in Responsibility.objects.filter(written_as__contains="Đoàn").select_related("agency")}
    assert youth == {YOUTH}
    written = set(Responsibility.objects.filter(agency__code=YOUTH).values_list("written_as", flat=True))
    assert written == {"Trung ương Đoàn TNCS Hồ Chí Minh", "Trung ương Đoàn Thanh niên cộng sản Hồ Chí Minh"}
    assert set(Responsibility.objects.filter(agency__code=MOCST).values_list("written_as", flat=True)) == {
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Bộ Văn hóa - Thể Thao và Du lịch",
    }
    assert set(Responsibility.objects.filter(agency__code=WOMEN).values_list("written_as", flat=True)) == {
        "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
        "Trung ương Hội Liên hiệp phụ nữ Việt Nam",
    }


def test_an_agency_named_only_in_a_task_is_an_agency(plan):
    bank = Agency.objects.get(code=VBSP)
    assert bank.kind == Agency.Kind.BANK
    assert bank.distribution_no is None
    assert plan.tasks.get(code="2.2").responsibilities.filter(agency=bank, role="partner").exists()


def test_the_63_provinces_each_have_a_peoples_committee_and_a_dolisa_under_it():
    committees = list(Agency.objects.provinces().prefetch_related("children"))
    assert len(committees) == 63
    assert {c.province_name for c in committees} == PROVINCE_NAMES
    for committee in committees:
        kind = "thành phố" if committee.province_name in CITIES else "tỉnh"
        assert committee.province_kind == kind, committee.name
        assert norm(committee.name).lower() == f"ủy ban nhân dân {kind} {committee.province_name}".lower()
        dolisas = [a for a in committee.children.all() if a.kind == Agency.Kind.PROVINCIAL_DOLISA]
        assert len(dolisas) == 1, committee.name
        dolisa = dolisas[0]
        assert dolisa.name == f"Sở Lao động - Thương binh và Xã hội {kind} {committee.province_name}"
        assert dolisa.province == committee
        assert dolisa.province_name == committee.province_name
    assert Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA).count() == 63
    assert not Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_DOLISA, parent__isnull=True).exists()


def test_every_item_1_to_51_of_the_distribution_list_is_an_agency_with_its_number():
    listed = decision.distribution_list()
    assert sorted(listed) == list(range(1, 54))
    owners = _spellings()
    for number in range(1, 52):
        agency = Agency.objects.get(distribution_no=number)
        assert owners.get(norm(listed[number])) == {agency.code}, f"{number}: {listed[number]}"


def test_items_52_and_53_of_the_distribution_list_are_the_63_committees_and_the_63_dolisas():
    listed = decision.distribution_list()
    provinces = Collective.objects.get(code="ubnd-cac-tinh")
    assert listed[52] in provinces.aliases
    assert Agency.objects.filter(distribution_no=52, kind=Agency.Kind.PROVINCIAL_COMMITTEE).count() == 63
    assert listed[53].startswith("Sở LĐTBXH")
    assert Agency.objects.filter(distribution_no=53, kind=Agency.Kind.PROVINCIAL_DOLISA).count() == 63
    assert not Agency.objects.filter(distribution_no__gt=53).exists()


def test_an_agency_unit_of_a_ministry_belongs_to_it():
    assert Agency.objects.get(code="cuc-pctnxh").parent.code == MOLISA
    assert Agency.objects.get(distribution_no=31).parent.code == MPS  # Cục Cảnh sát Hình sự, Bộ Công an
    assert Agency.objects.get(distribution_no=51).parent.code == MOLISA  # Thanh tra Bộ, Bộ LĐTBXH
