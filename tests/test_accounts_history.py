"""The audit trail: history rows with who, when, where from, before and after, and the reason."""

import pytest

from tasks.planfile import load_plan_file
from tests.conftest import PLAN_FILE


def _history_row_count() -> int:
    from accounts.audit import audited_models

    return sum(model.history.model.objects.count() for model in audited_models())


@pytest.mark.django_db
def test_loading_the_plan_again_writes_no_history_rows(plan):
    # given the plan already loaded (conftest) and its trail
    before = _history_row_count()
    assert before > 0
    # when the same file is loaded a second time
    result = load_plan_file(PLAN_FILE)
    # then nothing changed and nothing was written to the trail
    assert not result.changed
    assert _history_row_count() == before


BACKEND = "accounts.backends.UsernameOrEmailBackend"


def _target_form_data(target, **changes):
    """The admin change form of a target, as the browser would post it back."""
    data = {
        "plan": target.plan_id,
        "indicator": target.indicator_id,
        "code": target.code,
        "position": target.position,
        "text": target.text,
        "short_name": target.short_name,
        "measure": target.measure,
        "comparator": target.comparator,
        "threshold": str(target.threshold),
        "threshold_upper": "" if target.threshold_upper is None else str(target.threshold_upper),
        "unit": target.unit,
        "level": target.level,
        "years_from": target.years_from or "",
        "years_to": target.years_to or "",
        "reported_by_kinds": __import__("json").dumps(target.reported_by_kinds),
        "reported_by_agencies": [a.pk for a in target.reported_by_agencies.all()],
        "numerator_label": target.numerator_label,
        "denominator_label": target.denominator_label,
        "baseline_value": "" if target.baseline_value is None else str(target.baseline_value),
        "baseline_year": target.baseline_year or "",
        "baseline_source": target.baseline_source,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_changing_a_target_in_the_admin_needs_a_reason(client, admin_user, plan):
    from django.urls import reverse

    target = plan.targets.get(code="1")
    client.force_login(admin_user, backend=BACKEND)
    url = reverse("admin:indicators_target_change", args=[target.pk])
    # when the threshold is changed without a reason, nothing is saved and the field says why
    refused = client.post(url, _target_form_data(target, threshold="75"))
    assert refused.status_code == 200
    assert "Lý do thay đổi" in refused.content.decode()
    target.refresh_from_db()
    assert target.threshold == 70
    # when a reason is given, the change is saved with its reason, who, when and where from
    reason = "Điều chỉnh theo kết quả sơ kết giữa kỳ"
    saved = client.post(url, _target_form_data(target, threshold="75", change_reason=reason), REMOTE_ADDR="203.0.113.8")
    assert saved.status_code == 302
    last = target.history.latest("history_id")
    assert last.history_change_reason == reason
    assert last.history_user == admin_user
    assert last.ip_address == "203.0.113.8"
    delta = last.diff_against(last.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("threshold", 70, 75)]


@pytest.mark.django_db
def test_the_audit_page_shows_before_and_after_with_the_reason(client, admin_user, reviewer, plan):
    from django.urls import reverse

    # given a target changed with a reason
    target = plan.targets.get(code="3a")
    target.threshold = 65
    target._change_reason = "Sửa ngưỡng 3a"
    target._history_user = admin_user
    target.save()
    # when a reviewer looks the target up in the trail
    client.force_login(reviewer, backend=BACKEND)
    page = client.get(reverse("audit-log"), {"kind": "indicators.target", "q": "3a"})
    # then the entry shows who, the field before → after, and the reason
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sửa ngưỡng 3a" in text
    assert '<span class="before">70,00</span>' in text
    assert '<span class="after">65,00</span>' in text
    assert admin_user.username in text


@pytest.mark.django_db
def test_the_audit_page_searches_by_user_and_date(client, admin_user, reviewer, hanoi_officer, plan):
    import datetime

    from django.urls import reverse

    from accounts import services

    services.user_deactivate(target=hanoi_officer, user=admin_user, reason="Nghỉ hưu")
    client.force_login(reviewer, backend=BACKEND)
    today = datetime.date.today().isoformat()
    by_user = client.get(reverse("audit-log"), {"user": "admin", "date_from": today}).content.decode()
    assert "Nghỉ hưu" in by_user
    nobody = client.get(reverse("audit-log"), {"user": "reviewer"}).content.decode()
    assert "Nghỉ hưu" not in nobody
    long_ago = client.get(reverse("audit-log"), {"date_to": "2020-01-01"}).content.decode()
    assert "Nghỉ hưu" not in long_ago
    bad = client.get(reverse("audit-log"), {"date_from": "2025-05-05", "date_to": "2025-01-01"})
    assert "Ngày kết thúc phải sau ngày bắt đầu" in bad.content.decode()


@pytest.mark.django_db
def test_the_audit_page_costs_the_same_queries_however_long_the_trail(
    client, reviewer, plan, django_assert_max_num_queries
):
    from django.urls import reverse

    client.force_login(reviewer, backend=BACKEND)
    # the loaded plan alone is hundreds of entries across a dozen models
    assert _history_row_count() > 500
    with django_assert_max_num_queries(60):
        assert client.get(reverse("audit-log")).status_code == 200
    with django_assert_max_num_queries(60):
        assert client.get(reverse("audit-log"), {"page": 5}).status_code == 200


@pytest.mark.django_db
def test_nobody_edits_or_deletes_the_trail_through_the_portal(client, admin_user):
    from django.contrib import admin
    from django.urls import reverse

    from accounts.audit import audited_models, history_model

    for model in audited_models():
        assert history_model(model) not in admin.site._registry, model
    client.force_login(admin_user, backend=BACKEND)
    assert client.post(reverse("audit-log"), {"anything": "x"}).status_code == 405
    assert client.delete(reverse("audit-log")).status_code == 405
