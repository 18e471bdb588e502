"""Shared builders for the reporting tests: periods, a report filled completely, a small PDF."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def periods(plan):
    from reporting.services import period_create_for_plan

    return {p.code: p for p in period_create_for_plan(plan=plan)}


def complete_data(report) -> dict:
    """A ``report_save`` payload that fills every figure, task and field of ``report`` plausibly."""
    figures = {}
    for figure in report.figures.select_related("target"):
        measure = figure.target.measure
        if measure == "yes_no_share":
            figures[figure.target.code] = {"yes_no": True}
        elif measure == "months_covered":
            months = report.period.months
            figures[figure.target.code] = {"months": months, "items": len(months) * 3}
        elif measure == "yoy_change":
            figures[figure.target.code] = {"numerator": "12"}
        else:
            figures[figure.target.code] = {"numerator": "420", "denominator": "579"}
    tasks = {
        row.task.code: {
            "status": "in_progress",
            "results": "Tổ chức 12 lớp tập huấn.",
            "difficulties": "",
            "proposals": "",
        }
        for row in report.task_progress.select_related("task")
    }
    from reporting.selectors import statistic_items

    statistics = {item.code: {"value": "12"} for item in statistic_items(report.agency)}
    return {
        "statistics": statistics,
        "results": "Các sở, ngành đã triển khai kế hoạch.",
        "limitations": "Kinh phí hạn chế.",
        "causes": "Cán bộ cấp xã kiêm nhiệm.",
        "directions": "Tăng cường kiểm tra liên ngành.",
        "proposals": "Đề nghị Bộ bố trí thêm kinh phí.",
        "budget_central": "0",
        "budget_local": "1.250.000",
        "budget_other": "0",
        "dispatch_number": "125/BC-UBND",
        "dispatch_date": "10/06/2025",
        "dispatch_signer": "Nguyễn Văn A",
        "dispatch_signer_position": "Phó Chủ tịch",
        "figures": figures,
        "tasks": tasks,
    }


def pdf_file(name="bao-cao.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def filled_report(period, user, *, agency=None):
    """A report of ``user``'s agency with everything needed to submit it."""
    from reporting import services

    report = services.report_start(agency=agency or user.agency, period=period, user=user)
    report = services.report_save(report=report, user=user, data=complete_data(report), expected_version=report.version)
    services.report_attach(report=report, user=user, file=pdf_file(), kind="official_report")
    return report


@pytest.fixture(autouse=True)
def reporting_test_settings(settings, tmp_path):
    """Uploads into a temporary folder; a fast password hasher (the cast is created for most tests)."""
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def statistics_post(data: dict) -> dict:
    """The statistics of a ``report_save`` payload as the form posts them (``stat-<code>-<field>``)."""
    post = {}
    for code, values in (data.get("statistics") or {}).items():
        post[f"stat-{code}-value"] = values.get("value", "")
        post[f"stat-{code}-no_answer"] = values.get("no_answer", "")
        post[f"stat-{code}-reason"] = values.get("reason", "")
        for key, value in (values.get("breakdowns") or {}).items():
            post[f"stat-{code}-part-{key}"] = value
    return post


# The consolidated report's tests (draft, dispatch block): two agencies' reports filled from the demo.
CONSOLIDATED_SAMPLE = frozenset({"so-ldtbxh-ha-noi", "bo-cong-an"})


def consolidated_period(plan):
    """2025-H1 (due 20/6/2025; issued by Cục Bảo trợ xã hội of the Ministry of Health, once the
    ``reorganised`` fixture ran) with the sample agencies' reports filled."""
    from reporting.demo import fill_period
    from tests import factories as f

    period = f.period(plan, "2025-H1")
    fill_period(period, only_codes=CONSOLIDATED_SAMPLE)
    return period


def issuing_director():
    """The head of the issuing body of 2025-H1 (Cục trưởng Trần Văn Bình, Cục Bảo trợ xã hội, Bộ Y tế)."""
    from tests.conftest import make_user

    user = make_user("cuctruong", "cuc-btxh-byt", "viewer", first_name="Văn Bình", last_name="Trần")
    user.position = "Cục trưởng"
    user.save()
    return user


def hanoi_approval_on(agency, admin):
    """Turn the agency's internal approval on, issued by Hà Nội's People's Committee (symbol BC-UBND);
    returns the agency as saved."""
    from agencies.services import agency_approval_set

    return agency_approval_set(
        agency=agency,
        user=admin,
        requires_approval=True,
        issuing_body="Ủy ban nhân dân thành phố Hà Nội",
        issuing_symbol="BC-UBND",
    )
