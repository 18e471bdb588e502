"""load_plan and export_plan: idempotent loading, all-or-nothing failures, an exact round trip, a second plan."""

import copy
import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency, Collective
from indicators.models import Indicator, Target
from tasks.models import Activity, Plan, Responsibility, Task, TaskGroup
from tasks.planfile import PlanFileError, load_plan_data, load_plan_file
from tests.conftest import PLAN_FILE

pytestmark = pytest.mark.django_db

PLAN_CODE = "808/QĐ-LĐTBXH"
MODELS = [Agency, Collective, Plan, TaskGroup, Task, Activity, Responsibility, Indicator, Target]
WRITES = ("INSERT", "UPDATE", "DELETE")


def _counts() -> dict[str, int]:
    """Rows of every plan model and of its audit trail."""
    counts = {}
    for model in MODELS:
        counts[model.__name__] = model.objects.count()
        counts[f"{model.__name__} history"] = model.history.count()
    return counts


def _export(*args: str) -> str:
    out = StringIO()
    call_command("export_plan", *args, stdout=out)
    return out.getvalue()


def _load(path: Path) -> str:
    out = StringIO()
    call_command("load_plan", str(path), stdout=out)
    return out.getvalue()


def _fixture_data() -> dict:
    return yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _empty_the_database() -> None:
    """Remove the plan and every agency, as on a machine where nothing was ever loaded (inside the test's transaction)."""
    Plan.objects.all().delete()
    Collective.objects.all().delete()
    Agency.objects.update(parent=None)
    Agency.objects.all().delete()
    assert {model.__name__: model.objects.count() for model in MODELS} == dict.fromkeys((m.__name__ for m in MODELS), 0)


def _task(data: dict, code: str) -> dict:
    return next(t for g in data["task_groups"] for t in g["tasks"] if t["code"] == code)


def _successor(data: dict, code: str = "99/QĐ-BYT") -> dict:
    """The same plan re-issued under another decision: a successor plan of the same shape."""
    successor = copy.deepcopy(data)
    successor["plan"].update(
        code=code,
        title="Kế hoạch thực hiện Chương trình phòng, chống mại dâm giai đoạn 2026-2030 (thử nghiệm)",
        decision_date="2026-03-02",
        issuer="Bộ Y tế",
        start_year=2026,
        end_year=2030,
    )
    return successor


# -- idempotent loading -----------------------------------------------------------------------


def test_loading_the_plan_a_second_time_changes_no_row(plan):
    # Given the plan loaded once (by the session fixture)
    before, exported = _counts(), _export()
    # When the same file is loaded again
    with CaptureQueriesContext(connection) as queries:
        result = load_plan_file(PLAN_FILE)
    # Then nothing is created, updated or deleted, not a single write reaches the database,
    # and the audit trail has no new entry.
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert not result.changed
    assert result.unchanged >= 180 + 3 + 1 + 7 + 20 + 69 + 11 + 16
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert _counts() == before
    assert _export() == exported


def test_the_load_plan_command_says_what_it_did(plan):
    assert "0 mới, 0 cập nhật, 0 xóa" in _load(PLAN_FILE)
    assert PLAN_CODE in _load(PLAN_FILE)


def test_a_first_load_creates_everything_and_a_second_load_nothing(plan):
    # Given an empty database
    _empty_the_database()
    # When the file is loaded twice
    first = load_plan_file(PLAN_FILE)
    after_first = _counts()
    second = load_plan_file(PLAN_FILE)
    # Then the first run created every row and the second changed nothing.
    assert first.created == sum(model.objects.count() for model in MODELS)
    assert (first.updated, first.deleted) == (0, 0)
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert _counts() == after_first


def test_a_corrected_activity_updates_that_row_only(plan, tmp_path):
    # Given the plan file with one activity reworded
    data = _fixture_data()
    _task(data, "3.3")["activities"][1] += " (đã sửa)"
    before = _counts()
    # When it is loaded
    result = load_plan_file(_write(tmp_path, data))
    # Then one row is updated, nothing else moves, and the change is in the audit trail.
    assert (result.created, result.updated, result.deleted) == (0, 1, 0)
    assert Activity.objects.get(task__code="3.3", position=2).text.endswith(" (đã sửa)")
    assert _counts() == {**before, "Activity history": before["Activity history"] + 1}


def test_an_activity_removed_from_the_file_is_removed_from_the_plan(plan, tmp_path):
    data = _fixture_data()
    del _task(data, "1.2")["activities"][4]
    result = load_plan_file(_write(tmp_path, data))
    assert (result.created, result.updated, result.deleted) == (0, 0, 1)
    assert Activity.objects.filter(task__plan=plan).count() == 68


# -- broken files: a clear message, and nothing loaded ----------------------------------------


def _unknown_agency(data):
    _task(data, "1.2")["partners"].append("Bộ Không Tồn Tại")
    return "task_groups[0] (1).tasks[1] (1.2)", "cơ quan 'Bộ Không Tồn Tại' không có trong danh sách cơ quan"


def _duplicate_task_code(data):
    _task(data, "2.2")["code"] = "2.1"
    return "task_groups[1] (2).tasks[1] (2.1)", "mã nhiệm vụ '2.1' trùng"


def _missing_field(data):
    del _task(data, "4.3")["timeframe"]
    return "task_groups[3] (4).tasks[2] (4.3)", "thiếu trường bắt buộc 'timeframe'"


def _missing_agency_name(data):
    del data["agencies"][5]["name"]
    return "agencies[5] (bo-y-te)", "thiếu trường bắt buộc 'name'"


def _unknown_timeframe(data):
    _task(data, "7")["timeframe"] = "Quý III năm 2024"
    return "task_groups[6] (7).tasks[0] (7)", "không hiểu thời gian thực hiện 'Quý III năm 2024'"


def _bad_agency_kind(data):
    data["agencies"][1]["kind"] = "bo"
    return "agencies[1] (bo-cong-an)", "loại cơ quan 'bo' không hợp lệ"


def _bad_target_measure(data):
    data["indicators"][6]["targets"][0]["measure"] = "average"
    return "indicators[6] (7).targets[0] (7)", "measure 'average' không hợp lệ"


def _duplicate_agency_code(data):
    data["agencies"][2]["code"] = "bo-cong-an"
    return "agencies[2]", "mã cơ quan 'bo-cong-an' trùng"


BROKEN = [
    _unknown_agency,
    _duplicate_task_code,
    _missing_field,
    _missing_agency_name,
    _unknown_timeframe,
    _bad_agency_kind,
    _bad_target_measure,
    _duplicate_agency_code,
]


def _broken_file(tmp_path: Path, breaker) -> tuple[Path, str, str]:
    # A successor plan with one new agency: were anything of it loaded, rows would appear.
    data = _successor(_fixture_data(), code="77/QĐ-HỎNG")
    data["agencies"].append({"code": "co-quan-moi", "name": "Cơ quan mới", "kind": "other"})
    _task(data, "1.1")["partners"].append("Cơ quan mới")
    entry, reason = breaker(data)
    return _write(tmp_path, data, "hong.yaml"), entry, reason


@pytest.mark.parametrize("breaker", BROKEN, ids=[b.__name__.strip("_") for b in BROKEN])
@pytest.mark.parametrize("database", ["loaded", "empty"])
def test_a_broken_plan_file_fails_naming_file_entry_and_reason_and_loads_nothing(plan, tmp_path, breaker, database):
    # Given a database with the plan, or an empty one, and a file with one mistake
    if database == "empty":
        _empty_the_database()
    path, entry, reason = _broken_file(tmp_path, breaker)
    before = _counts()
    # When it is loaded
    with pytest.raises(CommandError) as failure:
        _load(path)
    # Then the message says which file, which entry and why, and no row was written.
    message = str(failure.value)
    assert message.startswith(str(path))
    assert entry in message
    assert reason in message
    assert _counts() == before
    assert not Agency.objects.filter(code="co-quan-moi").exists()


def test_every_mistake_of_a_file_is_listed_at_once(plan, tmp_path):
    data = _fixture_data()
    _unknown_agency(data)
    _missing_field(data)
    with pytest.raises(PlanFileError) as failure:
        load_plan_data(data, source="ke-hoach.yaml")
    assert len(failure.value.errors) == 2
    assert "(2 lỗi)" in str(failure.value)


def test_a_file_that_is_not_a_plan_fails_clearly(tmp_path):
    not_yaml = tmp_path / "sai.yaml"
    not_yaml.write_text("plan: [unclosed\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"sai\.yaml: không nạp được kế hoạch"):
        _load(not_yaml)
    with pytest.raises(CommandError, match="thiếu khóa 'task_groups'"):
        _load(_write(tmp_path, {"plan": {}, "agencies": [], "indicators": []}))
    with pytest.raises(CommandError, match="không tìm thấy tệp"):
        _load(tmp_path / "khong-co.yaml")


def test_naming_one_agency_twice_in_a_role_is_refused(plan, tmp_path):
    data = _fixture_data()
    _task(data, "3.4")["partners"].append("Bộ LĐTBXH")  # the decision's duplicate, under its other name
    with pytest.raises(CommandError, match=r"3\.4.*cơ quan .* trùng"):
        _load(_write(tmp_path, data))


# -- export and the round trip ------------------------------------------------------------------


def test_export_then_load_into_an_empty_database_then_export_gives_the_same_bytes(plan, tmp_path):
    # Given the plan exported from the database it was loaded into
    first = _export("--plan", PLAN_CODE)
    path = tmp_path / "xuat.json"
    path.write_text(first, encoding="utf-8")
    # When an empty database loads that export
    _empty_the_database()
    _load(path)
    # Then exporting again gives the same document, byte for byte.
    assert _export("--plan", PLAN_CODE) == first


def test_the_export_is_json_of_the_shape_load_plan_reads(plan):
    document = json.loads(_export())
    assert list(document) == ["plan", "agencies", "collectives", "task_groups", "indicators"]
    assert document["plan"]["code"] == PLAN_CODE
    assert document["plan"]["decision_date"] == "2022-09-05"
    # The plan part is exactly what the hand-curated file says.
    fixture = _fixture_data()
    assert document["task_groups"] == fixture["task_groups"]
    assert document["indicators"] == fixture["indicators"]
    assert [a["code"] for a in document["agencies"]] == [a["code"] for a in fixture["agencies"]]
    assert len(document["agencies"]) == 180


def test_export_of_an_unknown_plan_fails_and_names_the_plans_there_are(plan):
    with pytest.raises(CommandError) as failure:
        _export("--plan", "unknown")
    assert "unknown" in str(failure.value)
    assert PLAN_CODE in str(failure.value)


def test_export_without_any_plan_says_so(plan):
    _empty_the_database()
    with pytest.raises(CommandError, match="chưa có kế hoạch nào"):
        _export()


# -- a second plan ---------------------------------------------------------------------------


def test_a_successor_plan_loads_beside_808_without_touching_it(plan, tmp_path):
    # Given plan 808 and a successor file of the same shape under another decision number
    before = _export("--plan", PLAN_CODE)
    rows_of_808 = (plan.groups.count(), plan.tasks.count(), plan.indicators.count(), plan.targets.count())
    successor = _successor(_fixture_data())
    _task(successor, "1.6")["timeframe"] = "năm 2030"
    # When it is loaded
    result = load_plan_file(_write(tmp_path, successor))
    # Then it is a plan of its own, and 808 is exactly as it was.
    assert result.plan.code == "99/QĐ-BYT"
    assert Plan.objects.count() == 2
    new = Plan.objects.get(code="99/QĐ-BYT")
    assert (new.groups.count(), new.tasks.count(), new.indicators.count(), new.targets.count()) == rows_of_808
    assert new.tasks.get(code="1.6").timeframe_start == 2030
    assert new.issuer.code == "bo-y-te"
    assert _export("--plan", PLAN_CODE) == before
    assert (plan.groups.count(), plan.tasks.count(), plan.indicators.count(), plan.targets.count()) == rows_of_808
    # and the default export is the most recent decision.
    assert json.loads(_export())["plan"]["code"] == "99/QĐ-BYT"


def test_a_successor_file_may_name_agencies_and_collectives_already_loaded(plan, tmp_path):
    # Given a file that lists only its one new agency and relies on the agencies and collectives in the database
    data = {
        "plan": {
            "code": "5/QĐ-BYT",
            "title": "Kế hoạch thử nghiệm",
            "decision_date": datetime.date(2026, 1, 5).isoformat(),
            "issuer": "Bộ Y tế",
            "start_year": 2026,
            "end_year": 2030,
        },
        "agencies": [
            {"code": "cuc-btxh-byt", "name": "Cục Bảo trợ xã hội, Bộ Y tế", "kind": "other", "parent": "bo-y-te"}
        ],
        "task_groups": [
            {
                "code": "1",
                "title": "Truyền thông",
                "tasks": [
                    {
                        "code": "1.1",
                        "title": "Truyền thông về phòng, chống mại dâm",
                        "activities": ["Tổ chức truyền thông."],
                        "lead": [
                            "Cục Bảo trợ xã hội, Bộ Y tế",
                            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
                        ],
                        "partners": ["Bộ LĐTBXH", "các cơ quan báo chí"],
                        "timeframe": "Hằng năm",
                    }
                ],
            }
        ],
        "indicators": [],
    }
    agencies_before = Agency.objects.count()
    # When it is loaded
    load_plan_file(_write(tmp_path, data))
    # Then the known names resolve to the records already there.
    task = Task.objects.get(plan__code="5/QĐ-BYT", code="1.1")
    parties = [
        (r.role, r.agency.code if r.agency else r.collective.code)
        for r in task.responsibilities.order_by("role", "position")
    ]
    assert parties == [
        ("lead", "cuc-btxh-byt"),
        ("lead", "ubnd-cac-tinh"),
        ("partner", "bo-ldtbxh"),
        ("partner", "co-quan-bao-chi"),
    ]
    assert Agency.objects.count() == agencies_before + 1
    assert Collective.objects.count() == 3


@pytest.mark.parametrize(
    ("code", "spellings"),
    [
        ("tw-doan", ["Trung ương Đoàn TNCS Hồ Chí Minh", "Trung ương Đoàn Thanh niên cộng sản Hồ Chí Minh", "Đoàn thanh niên cộng sản Hồ Chí Minh"]),
        ("tw-hlhpn", ["Trung ương Hội Liên hiệp phụ nữ Việt Nam", "Trung ương Hội Liên hiệp Phụ nữ Việt Nam", "Hội Liên hiệp Phụ nữ Việt Nam"]),
        ("bo-vhttdl", ["Bộ Văn hóa - Thể Thao và Du lịch", "Bộ Văn hóa, Thể thao và Du lịch"]),
        ("bo-ldtbxh", ["Bộ LĐTBXH", "Bộ Lao động - Thương binh và Xã hội"]),
    ],
)  # fmt: skip
def test_the_loader_resolves_every_spelling_of_an_agency_to_one_record(plan, tmp_path, code, spellings):
    # Given a plan file whose tasks each name the agency under one of its spellings
    data = _successor(_fixture_data(), code="1/QĐ-THU")
    group = data["task_groups"][0]
    template = group["tasks"][0]
    group["tasks"] = [
        {**template, "code": f"1.{i}", "lead": [spelling], "partners": []} for i, spelling in enumerate(spellings, 1)
    ]
    data["task_groups"] = [group]
    agencies_before = Agency.objects.count()
    # When it is loaded
    load_plan_file(_write(tmp_path, data))
    # Then every task is led by the same agency, and no agency was added.
    leads = Responsibility.objects.filter(task__plan__code="1/QĐ-THU").select_related("agency")
    assert sorted(r.written_as for r in leads) == sorted(spellings)
    assert {r.agency.code for r in leads} == {code}
    assert Agency.objects.count() == agencies_before


def test_an_entrys_own_fields_are_checked_against_the_declared_schema_with_the_same_reasons(plan):
    # Given one wrong date, number, member kind and reported kind, each in its own entry
    data = _fixture_data()
    data["agencies"][1]["valid_from"] = "05/09/2022"
    data["collectives"][0]["member_kinds"] = ["provincial_committee", "tinh"]
    target = data["indicators"][0]["targets"][0]
    target["threshold"] = "tám mươi"
    target["reported_by_kinds"] = ["bao-chi"]
    # When the document is checked
    with pytest.raises(PlanFileError) as failure:
        load_plan_data(data, source="ke-hoach.yaml")
    # Then each is listed with its entry and reason
    where = f"indicators[0] ({data['indicators'][0]['number']}).targets[0] ({target['code']})"
    assert failure.value.errors == [
        "agencies[1] (bo-cong-an): ngày không hợp lệ '05/09/2022' (dạng YYYY-MM-DD)",
        "collectives[0] (ubnd-cac-tinh): loại cơ quan 'tinh' không hợp lệ",
        f"{where}: không phải là số: 'tám mươi'",
        f"{where}: reported_by_kinds: loại cơ quan 'bao-chi' không hợp lệ",
    ]
