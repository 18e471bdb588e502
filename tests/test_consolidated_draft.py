"""The consolidated report as a draft the ministry writes in (issue 16, item 1): pre-filled from the data,
edited section by section in plain text, versions with who changed what, two reviewers saving the same
draft, refilling a section from the data, rendering the PDF from the draft, and no HTML from users."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from exports import pdf, synthesis
from exports.markup import blocks, to_html
from exports.models import ConsolidatedDraft, ExportJob
from exports.services import DraftConflict, draft_create, draft_refill, draft_render, draft_save
from reporting.demo import fill_period
from tests import factories as f
from tests.reporting_helpers import consolidated_period, issuing_director
from tests.test_pdf import flat, text_of


@pytest.fixture
def period(plan):
    return consolidated_period(plan)


@pytest.fixture
def director(reorganised):
    return issuing_director()


@pytest.fixture
def draft(period, reviewer, director):
    return draft_create(user=reviewer, period=period)


def save(user, draft, *, base_version=1, sections=None, texts_to="annex", dispatch=None):
    """``draft_save`` as most tests call it: from version 1, the sections and the dispatch block as they
    are unless given, the agencies' texts in the annex."""
    return draft_save(
        user=user,
        draft=draft,
        base_version=base_version,
        sections=draft.sections if sections is None else sections,
        texts_to=texts_to,
        dispatch=draft.dispatch_values() if dispatch is None else dispatch,
    )


def keys_of(period) -> list[str]:
    return [key for key, _heading in synthesis.sections_for(period)]


def typed(draft, **changes) -> dict:
    return {**draft.sections, **changes}


def dispatch_of(draft, **changes) -> dict:
    return {**draft.dispatch_values(), **changes}


# -- the plain markup ---------------------------------------------------------------------------------


def test_the_markup_reads_paragraphs_and_dash_lists_and_escapes_everything():
    text = "Đoạn một,\nvẫn đoạn một.\n\n- ý <b>một</b>\n- ý hai\n  tiếp ý hai\n\nĐoạn <script>alert(1)</script> cuối"
    assert [b.kind for b in blocks(text)] == ["p", "ul", "p"]
    assert blocks(text)[1].items == ("ý <b>một</b>", "ý hai tiếp ý hai")
    html = to_html(text)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<li>- ý &lt;b&gt;một&lt;/b&gt;</li>" in html
    assert html.startswith("<p>Đoạn một, vẫn đoạn một.</p>")


def test_a_numbered_line_on_its_own_is_a_heading_a_numbered_sentence_is_not():
    text = (
        "1. Công tác tuyên truyền\n\nCó 25 cơ quan báo cáo.\n\na) Kinh phí\n\n- ý một\n\n"
        "2. Đã tổ chức 12 hội nghị trong năm.\n\n3. Một dòng\nvà dòng tiếp"
    )
    assert [b.kind for b in blocks(text)] == ["h", "p", "h2", "ul", "p", "p"]
    html = to_html(text)
    assert '<p class="draft-h">1. Công tác tuyên truyền</p>' in html
    assert '<p class="draft-h2">a) Kinh phí</p>' in html
    assert "<p>2. Đã tổ chức 12 hội nghị trong năm.</p>" in html


# -- the model and its versions -------------------------------------------------------------------------


def test_creating_the_draft_prefills_every_section_from_the_data_and_the_dispatch_block(draft, period, director):
    assert list(draft.sections) == keys_of(period)
    assert draft.sections == {k: v for k, v in synthesis.prefill(period).items() if k in draft.sections}
    assert all(draft.sections.values())
    # The letterhead's recipients, today's date, and the issuing body's head as the default signer
    assert "Thủ tướng Chính phủ (để b/c)" in draft.recipient_list
    assert draft.signer == director and draft.dispatch_date is not None
    first = draft.versions.get()
    assert (first.number, first.changed, first.note) == (1, keys_of(period), "Tạo từ số liệu")


def test_creating_twice_gives_the_same_draft(draft, period, reviewer):
    assert draft_create(user=reviewer, period=period).pk == draft.pk
    assert ConsolidatedDraft.objects.count() == 1


def test_a_save_stores_a_version_with_who_when_and_which_sections_changed(draft, admin_user):
    key = keys_of(draft.period)[2]
    saved = save(
        admin_user,
        draft,
        sections=typed(draft, **{key: "Đánh giá chung:\r\n\r\n- kết quả tốt  \r\n"}),
        dispatch=dispatch_of(draft, dispatch_number="12/BC-BTXH"),
    )
    assert saved.version == 2 and saved.sections[key] == "Đánh giá chung:\n\n- kết quả tốt"
    version = saved.versions.get(number=2)
    assert version.changed == [key] and version.dispatch_changed and version.saved_by == admin_user
    assert saved.history.count() == 2  # audited (simple_history) besides the versions
    # Saving again what is stored makes no version
    same = save(admin_user, saved, base_version=2)
    assert same.version == 2 and saved.versions.count() == 2


def test_the_second_reviewer_saving_the_same_draft_is_told_and_nothing_is_lost(draft, reviewer, admin_user):
    first, second = keys_of(draft.period)[:2]
    # Given two reviewers who opened version 1; the first saves
    save(reviewer, draft, sections=typed(draft, **{first: "Bản của người thứ nhất"}))
    # When the second saves from version 1
    with pytest.raises(DraftConflict) as raised:
        save(admin_user, draft, sections=typed(draft, **{second: "Bản của người thứ hai"}))
    # Then the first one's text stands, and the second is told who saved
    assert raised.value.current.version == 2 and raised.value.current.updated_by == reviewer
    draft.refresh_from_db()
    assert draft.sections[first] == "Bản của người thứ nhất" and draft.version == 2


def test_a_save_refuses_a_signer_outside_the_issuing_body_beside_the_field(draft, reviewer, hanoi_officer):
    hanoi_officer.position = "Giám đốc"
    hanoi_officer.save()
    with pytest.raises(ValidationError) as raised:
        save(reviewer, draft, dispatch=dispatch_of(draft, signer=hanoi_officer, dispatch_number="12 BC"))
    assert set(raised.value.message_dict) == {"signer", "dispatch_number"}
    draft.refresh_from_db()
    assert draft.version == 1


def test_refilling_a_section_keeps_the_old_text_in_the_history(draft, reviewer):
    key = keys_of(draft.period)[0]
    edited = save(reviewer, draft, sections=typed(draft, **{key: "Lời văn của người soạn"}))
    refilled = draft_refill(user=reviewer, draft=edited, base_version=2, keys=[key])
    assert refilled.sections[key] == synthesis.prefill(draft.period)[key]
    assert refilled.versions.get(number=3).note == "Làm mới từ số liệu"
    assert refilled.versions.get(number=2).sections[key] == "Lời văn của người soạn"
    with pytest.raises(DraftConflict):
        draft_refill(user=reviewer, draft=refilled, base_version=2, keys=[key])


def test_only_reviewers_and_admins_write_the_draft(period, director, hanoi_officer, viewer):
    for user in (hanoi_officer, viewer):
        with pytest.raises(PermissionDenied):
            draft_create(user=user, period=period)


# -- the PDF from the draft -------------------------------------------------------------------------------


def test_the_pdf_reads_the_draft_in_order_with_the_tables_and_the_signer(
    draft, reviewer, director, django_capture_on_commit_callbacks
):
    keys = keys_of(draft.period)
    sections = typed(draft, **{keys[0]: "Tình hình <script>alert('x')</script> trong kỳ ổn định.\n\n- ý thứ nhất"})
    draft = save(
        reviewer,
        draft,
        sections=sections,
        dispatch=dispatch_of(draft, dispatch_number="77/BC-BTXH", dispatch_date=datetime.date(2025, 7, 2)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = draft_render(user=reviewer, draft=draft)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.draft_version.number == 2
    _reader, pages = text_of(job.file.read())
    text = flat(pages)
    # The headings in the draft's order, numbered, the computed tables after their section
    positions = [
        text.index(f"{numeral}. {heading.upper()}")
        for numeral, (_k, heading) in zip(pdf.ROMAN, synthesis.sections_for(draft.period), strict=False)
    ]
    assert positions == sorted(positions)
    assert text.index("Kết quả thực hiện các chỉ tiêu") > positions[1]
    assert "<script>alert('x')</script>" in text  # printed as typed, as text: never markup
    assert "77/BC-BTXH" in text and "Trần Văn Bình" in text
    assert "NỘI DUNG BÁO CÁO CỦA CÁC CƠ QUAN, ĐỊA PHƯƠNG" in text  # the agencies' texts in the annex


def test_agencies_texts_go_to_excel_when_the_reviewer_chooses(draft, reviewer, django_capture_on_commit_callbacks):
    draft = save(reviewer, draft, texts_to="excel", dispatch=dispatch_of(draft, dispatch_number="78/BC-BTXH"))
    rendered = pdf.render_consolidated(draft.period, draft=draft.versions.first())
    text = flat(text_of(rendered.content)[1])
    assert "bảng tính Excel gửi kèm" in text and "NỘI DUNG BÁO CÁO CỦA CÁC CƠ QUAN" not in text
    with django_capture_on_commit_callbacks(execute=True):
        job = draft_render(user=reviewer, draft=draft, kind=ExportJob.Kind.XLSX_ANALYST)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.file.name.endswith(".xlsx")


def test_rendering_without_a_number_is_refused_beside_the_field(draft, reviewer):
    draft.dispatch_number = ""
    with pytest.raises(ValidationError) as raised:
        draft_render(user=reviewer, draft=draft)
    assert "dispatch_number" in raised.value.message_dict
    assert not ExportJob.objects.exists()


# -- the pages ---------------------------------------------------------------------------------------------


def page_data(draft, **changes) -> dict:
    data = {
        "version": draft.version,
        "texts_to": draft.texts_to,
        "dispatch_number": draft.dispatch_number,
        "dispatch_date": draft.dispatch_date.isoformat() if draft.dispatch_date else "",
        "recipients": draft.recipients,
        "signer": draft.signer_id or "",
        "on_behalf_title": draft.on_behalf_title,
        **{f"section_{k}": v for k, v in draft.sections.items()},
    }
    data.update(changes)
    return data


def test_the_reviewer_makes_the_draft_from_the_page(client, reviewer, period, director):
    client.force_login(reviewer)
    url = reverse("draft-page", args=[period.pk])
    assert "Tạo bản dự thảo từ số liệu" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    page = client.get(url).content.decode()
    heading = synthesis.sections_for(period)[0][1]
    assert heading in page and "Kết quả thực hiện các chỉ tiêu" in page and "Số, ngày, nơi nhận và người ký" in page


def test_a_script_typed_in_a_section_is_shown_escaped_on_the_pages(client, reviewer, draft):
    key = keys_of(draft.period)[0]
    client.force_login(reviewer)
    url = reverse("draft-page", args=[draft.period.pk])
    response = client.post(url, page_data(draft, **{f"section_{key}": "<script>alert(1)</script>"}))
    assert response.status_code == 302
    for page in (client.get(url), client.get(reverse("draft-version", args=[draft.period.pk, 2]))):
        html = page.content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_bad_number_on_the_page_keeps_what_was_typed(client, reviewer, draft):
    key = keys_of(draft.period)[1]
    client.force_login(reviewer)
    response = client.post(
        reverse("draft-page", args=[draft.period.pk]),
        page_data(draft, dispatch_number="sai", **{f"section_{key}": "Đoạn văn tôi vừa gõ"}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_dispatch_number-error"' in html and "Đoạn văn tôi vừa gõ" in html
    draft.refresh_from_db()
    assert draft.version == 1


def test_the_second_reviewer_on_the_page_sees_the_first_ones_text_and_keeps_their_own(
    client, reviewer, admin_user, draft
):
    key = keys_of(draft.period)[0]
    url = reverse("draft-page", args=[draft.period.pk])
    opened = page_data(draft)
    client.force_login(reviewer)
    assert client.post(url, {**opened, f"section_{key}": "Bản của người thứ nhất"}).status_code == 302
    client.force_login(admin_user)
    response = client.post(url, {**opened, f"section_{key}": "Bản của người thứ hai"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "đã lưu bản dự thảo lúc" in html and "Bản của người thứ nhất" in html and "Bản của người thứ hai" in html
    assert 'name="version" value="2"' in html
    draft.refresh_from_db()
    assert draft.sections[key] == "Bản của người thứ nhất"


def test_refill_from_the_page_asks_first_and_then_replaces(client, reviewer, draft):
    key = keys_of(draft.period)[0]
    client.force_login(reviewer)
    url = reverse("draft-page", args=[draft.period.pk])
    # The button saves what was typed, then shows the change before making it
    response = client.post(url, page_data(draft, refill=key, **{f"section_{key}": "Lời văn đã sửa"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thay nội dung bằng nội dung mới từ số liệu?" in html and "Lời văn đã sửa" in html
    draft.refresh_from_db()
    assert draft.version == 2 and draft.sections[key] == "Lời văn đã sửa"
    # Confirmed, the section is the data's again, and version 2 keeps the reviewer's text
    response = client.post(reverse("draft-refill", args=[draft.period.pk]), {"version": 2, "key": key})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == 3 and draft.sections[key] == synthesis.prefill(draft.period)[key]
    history = client.get(reverse("draft-history", args=[draft.period.pk])).content.decode()
    assert "Làm mới từ số liệu" in history
    before_after = client.get(reverse("draft-version", args=[draft.period.pk, 3])).content.decode()
    assert "<del>Lời văn đã sửa</del>" in before_after


def test_the_draft_page_reads_a_fixed_number_of_queries(client, reviewer, draft, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)
    url = reverse("draft-page", args=[draft.period.pk])
    client.get(url)
    with django_assert_max_num_queries(50):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # More agencies reporting, more renderings: the same number of queries
    fill_period(draft.period, only_codes=frozenset({"so-ldtbxh-ho-chi-minh", "so-ldtbxh-da-nang", "bo-y-te"}))
    draft.dispatch_number = "5/BC-BTXH"
    draft_render(user=reviewer, draft=draft)
    draft_render(user=reviewer, draft=draft, kind=ExportJob.Kind.XLSX_ANALYST)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


# -- Decision 29's columns in the targets table --------------------------------------------------------


def test_the_targets_table_gives_the_cumulative_value_over_the_plan_and_the_agencies_meeting_their_plan(plan, reviewer):
    from exports import selectors
    from indicators.models import Target
    from reporting.models import IndicatorFigure

    # Given Hà Nội's accepted 2024 annual report and 2025 half-year report, its own 2025 target for 1 met
    fy2024, h1 = f.period(plan, "2024-FY"), f.period(plan, "2025-H1")
    fill_period(fy2024, only_codes=frozenset({"so-ldtbxh-ha-noi"}))
    fill_period(h1, only_codes=frozenset({"so-ldtbxh-ha-noi"}))
    target = Target.objects.get(plan=plan, code="1")
    figures = {
        fig.report.period_id: fig
        for fig in IndicatorFigure.objects.filter(target=target, report__agency__code="so-ldtbxh-ha-noi")
    }
    old, now = figures[fy2024.pk], figures[h1.pk]
    now.planned = 1
    now.save(update_fields=["planned"])

    # When the 2025-H1 targets table is read
    row = selectors.national_monitoring(h1)[target.pk]

    # Then 2024 and 2025 count once each, as a ratio of sums; and 1 of 1 agency met its own plan
    assert (row.cumulative.numerator, row.cumulative.denominator, row.years) == (
        old.numerator + now.numerator,
        old.denominator + now.denominator,
        2,
    )
    assert (row.met, row.planned) == (1, 1)
    text = flat(text_of(pdf.render_consolidated(h1).content)[1])
    assert "Lũy kế từ năm 2022" in text and "Số đơn vị đạt kế hoạch năm" in text
    assert f"({old.numerator + now.numerator:,}/".replace(",", ".") in text


def test_the_history_and_the_list_read_a_fixed_number_of_queries(client, reviewer, admin_user, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)
    urls = [
        reverse("draft-list"),
        reverse("draft-history", args=[draft.period.pk]),
        reverse("draft-version", args=[draft.period.pk, 1]),
    ]
    for url in urls:
        client.get(url)
    with CaptureQueriesContext(connection) as few:
        for url in urls:
            assert client.get(url).status_code == 200
    # More versions by more people: the same number of queries
    key = keys_of(draft.period)[0]
    for n, user in enumerate((reviewer, admin_user, reviewer, admin_user), start=1):
        draft = save(user, draft, base_version=draft.version, sections=typed(draft, **{key: f"Lần sửa {n}"}))
    with CaptureQueriesContext(connection) as more:
        for url in urls:
            assert client.get(url).status_code == 200
    assert len(more) == len(few) <= 3 * 20


def test_the_export_page_records_and_prints_the_drafts_latest_version(
    client, admin_user, reviewer, draft, django_capture_on_commit_callbacks
):
    key = keys_of(draft.period)[0]
    draft = save(reviewer, draft, sections=typed(draft, **{key: "Lời văn riêng của Cục trong kỳ."}))
    client.force_login(admin_user)
    data = {
        "kind": "pdf_consolidated",
        "period": draft.period.pk,
        "dispatch_number": "9/BC-BTXH",
        "dispatch_date": "2025-07-02",
        "recipients": "Văn phòng Chính phủ",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("export-list"), data).status_code == 302
    job = ExportJob.objects.get()
    assert job.draft_version.number == 2 and job.status == ExportJob.Status.DONE, job.error
    assert "Lời văn riêng của Cục trong kỳ." in flat(text_of(job.file.read())[1])
