"""The first pages answer with the decision's Vietnamese text, in a number of queries that does not grow with the plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Agency, Collective
from tasks.models import Activity, Responsibility, Task, TaskGroup

pytestmark = pytest.mark.django_db

PAGES = {
    "plan-overview": (
        reverse("plan-overview"),
        [
            "Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm giai đoạn 2021-2025",
            "808/QĐ-LĐTBXH",
            "05/09/2022",
            "1629/QĐ-TTg",
            "Nâng cao hiệu quả công tác truyền thông, tuyên truyền, phổ biến, giáo dục về phòng, chống mại dâm",
            "Kiểm tra, giám sát, đánh giá thực hiện Chương trình",
            "Kiện toàn Đội kiểm tra liên ngành phòng, chống mại dâm (Đội kiểm tra 178)",
            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
            "Trung ương Đoàn TNCS Hồ Chí Minh",
            "Ngân hàng chính sách xã hội",
            "Hàng năm",
            "năm 2022-2023",
        ],
    ),
    "task-detail": (
        reverse("task-detail", args=["3.4"]),
        [
            "Tăng cường quản lý về an ninh, trật tự; tổ chức điều tra, khám phá các vụ án",
            "Phối hợp giữa Công an với Viện Kiểm sát nhân dân, Tòa án nhân dân các cấp để lựa chọn chỉ đạo điều tra",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Bộ Quốc phòng",
            "Bộ Văn hóa - Thể Thao và Du lịch",
            "Hằng năm",
        ],
    ),
    "agency-directory": (
        reverse("agency-directory"),
        [
            "Bộ Lao động - Thương binh và Xã hội",
            "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
            "Ủy ban nhân dân thành phố Hà Nội",
            "Sở Lao động - Thương binh và Xã hội tỉnh Điện Biên",
            "Thông tấn xã Việt Nam",
        ],
    ),
    "agency-detail": (
        reverse("agency-detail", args=["bo-cong-an"]),
        [
            "Bộ Công an",
            "Kiểm tra, quản lý chặt chẽ điều kiện thành lập và hoạt động kinh doanh, dịch vụ dễ phát sinh tệ nạn mại dâm",
            "Nhiệm vụ chủ trì",
            "Nhiệm vụ phối hợp",
            "Cục Cảnh sát Hình sự, Bộ Công an",
        ],
    ),
    "indicator-list": (
        reverse("indicator-list"),
        [
            "Ít nhất 70% số xã, phường, thị trấn (gọi chung là cấp xã) tổ chức được ít nhất một hình thức tuyên truyền",
            "Hằng năm, tăng 3 - 5% số tội phạm liên quan đến mại dâm được xử lý theo quy định của pháp luật",
            "3-5%",
            "≥ 70%",
            "đến năm 2025",
            "11b",
        ],
    ),
}


@pytest.fixture
def signed_in(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_answers_with_the_decisions_vietnamese_text(signed_in, name):
    url, texts = PAGES[name]
    response = signed_in.get(url)
    assert response.status_code == 200
    assert response["Content-Language"].startswith("vi")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    for text in texts:
        assert text in html, f"{name}: {text!r} missing"


def test_a_task_page_lists_its_activities_in_order(signed_in, plan):
    html = signed_in.get(reverse("task-detail", args=["1.2"])).content.decode()
    activities = list(plan.tasks.get(code="1.2").activities.values_list("text", flat=True))
    positions = [html.index(text.replace('"', "&quot;").replace("'", "&#x27;")) for text in activities]
    assert positions == sorted(positions)
    assert len(positions) == 5


def test_the_agency_page_shows_tasks_reached_through_a_collective(signed_in):
    # Hà Nội's People's Committee is named by no task directly, only through "UBND các tỉnh, thành phố".
    html = signed_in.get(reverse("agency-detail", args=["ubnd-ha-noi"])).content.decode()
    assert "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương" in html
    assert reverse("task-detail", args=["1.1"]) in html
    assert reverse("task-detail", args=["4.2"]) in html


def test_an_unknown_task_or_agency_is_not_found(signed_in):
    assert signed_in.get(reverse("task-detail", args=["9.9"])).status_code == 404
    assert signed_in.get(reverse("agency-detail", args=["khong-co"])).status_code == 404


def test_the_agency_search_finds_by_name(signed_in):
    html = signed_in.get(reverse("agency-directory"), {"q": "Điện Biên"}).content.decode()
    assert "Sở Lao động - Thương binh và Xã hội tỉnh Điện Biên" in html
    assert reverse("agency-detail", args=["bo-cong-an"]) not in html
    assert reverse("agency-detail", args=["so-ldtbxh-ha-noi"]) not in html


# -- query counts ------------------------------------------------------------------------------


def _grow_the_plan(plan, n: int) -> None:
    """Add ``n`` agencies and a group of ``n`` tasks, each with activities, a lead and partners."""
    sectors = Collective.objects.get(code="bo-nganh-doan-the")
    provinces = Collective.objects.get(code="ubnd-cac-tinh")
    group = TaskGroup.objects.create(plan=plan, code="8", title="Nhóm thử nghiệm", position=8)
    for i in range(n):
        agency = Agency.objects.create(code=f"co-quan-them-{i}", name=f"Cơ quan thêm {i}", kind="ministry")
        Agency.objects.create(code=f"don-vi-them-{i}", name=f"Đơn vị thêm {i}", kind="other", parent=agency)
        task = Task.objects.create(
            plan=plan,
            group=group,
            code=f"8.{i + 1}",
            title=f"Nhiệm vụ thêm {i}",
            position=100 + i,
            timeframe_kind="every_year",
            timeframe_text="Hằng năm",
        )
        Activity.objects.bulk_create(Activity(task=task, position=p, text=f"Hoạt động {p}") for p in (1, 2, 3))
        Responsibility.objects.bulk_create(
            [
                Responsibility(task=task, role="lead", position=1, written_as=agency.name, agency=agency),
                Responsibility(task=task, role="partner", position=1, written_as=sectors.name, collective=sectors),
                Responsibility(task=task, role="partner", position=2, written_as=provinces.name, collective=provinces),
            ]
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# The shared layout (session, user, roles, permissions, notifications) takes about ten queries; the
# page itself a handful. What matters most is the second assertion: the count is flat.
@pytest.mark.parametrize(
    ("url", "budget"),
    [
        (reverse("plan-overview"), 20),
        (reverse("task-detail", args=["1.1"]), 20),
        (reverse("agency-directory"), 20),
        # An agency page also lists its successions (three queries) and its reports (one).
        (reverse("agency-detail", args=["co-quan-them-0"]), 24),
        (reverse("agency-detail", args=["ubnd-ha-noi"]), 24),
        (reverse("indicator-list"), 20),
    ],
)
def test_a_pages_query_count_does_not_grow_with_agencies_and_tasks(
    signed_in, plan, django_assert_max_num_queries, url, budget
):
    # Given the plan with a few more agencies and tasks, then with many more
    _grow_the_plan(plan, 2)
    signed_in.get(url)  # warm the session and any per-process cache
    with django_assert_max_num_queries(budget):
        few = _queries(signed_in, url)
    Agency.objects.filter(code__startswith="don-vi-them-").delete()
    Responsibility.objects.filter(task__group__code="8").delete()
    Task.objects.filter(group__code="8").delete()
    Agency.objects.filter(code__startswith="co-quan-them-").delete()
    TaskGroup.objects.filter(code="8").delete()
    _grow_the_plan(plan, 25)
    # Then the page takes the same number of queries.
    assert _queries(signed_in, url) == few
