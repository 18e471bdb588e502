"""Users' journeys in a real browser against the running production-shape portal.

Debian's chromium, driven by Playwright, walks what people do with the portal, through its pages only:
a provincial officer fills the open period's report, a reviewer returns it and then accepts it, the
national dashboard shows the new figure, an admin exports the consolidated PDF, and a viewer reads an
accepted report. Every step saves a screenshot (``NN-step.png``) in one folder per run, and axe-core
checks every page the journeys visit: no serious or critical violation.

The portal is ``production_portal`` (tests/production/conftest.py): gunicorn with DEBUG off, a real
Celery worker and beat, PostgreSQL and Redis, the plan, its periods, the demo users and demo reports.
The journeys share that portal and run in this file's order: the second continues the report the
first one submitted.
"""

import datetime
import io
import json
import os
import re
import shutil
import subprocess
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.production

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1366, "height": 900}
ROOT = Path(__file__).resolve().parents[2]

# axe-core comes from the npm registry, at this exact version, into a cache folder outside the
# repository (AXE_CORE_JS names an axe.min.js already on disk instead).
AXE_CORE_VERSION = "4.14.1"
AXE_BLOCKING_IMPACTS = ("serious", "critical")

# The demo officer soytehanoi's agency: Hà Nội's Sở Y tế, which reports for the city since 1 July 2025; the
# open period is the end-of-term review, due some weeks after the demo was seeded (reporting/demo.py).
OFFICER = "soytehanoi"
PROVINCE = "so-y-te-ha-noi-2025"
TRACKED_TARGET = "1"  # a ratio target every province reports: the national figure is Σ numerators / Σ denominators
FIRST_FIGURES = {"numerator": "457", "denominator": "579"}
CORRECTED_DENOMINATOR = "581"
RETURN_COMMENT = "Mẫu số chỉ tiêu 1 chưa khớp với số xã, phường của thành phố; đề nghị rà soát, gửi lại."


# --- the browser, the screenshots and axe-core -------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (apt-get install -y chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The source of axe.min.js, installed from the npm registry once per machine and version."""
    given = os.environ.get("AXE_CORE_JS")
    if given:
        return Path(given).read_text(encoding="utf-8")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "plan808" / f"axe-core-{AXE_CORE_VERSION}"
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install axe-core from the npm registry (apt-get install -y npm)")
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603 (a fixed command: the pinned package into our cache folder)
            [
                npm,
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(cache),
                f"axe-core@{AXE_CORE_VERSION}",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    installed = json.loads((script.parent / "package.json").read_text(encoding="utf-8"))["version"]
    assert installed == AXE_CORE_VERSION, f"{script} is axe-core {installed}, not {AXE_CORE_VERSION}"
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshots(request) -> Path:
    """One folder per run: $JOURNEY_SCREENSHOTS, or out/journeys/<UTC timestamp>/ in the repository."""
    given = os.environ.get("JOURNEY_SCREENSHOTS")
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(given) if given else ROOT / "out" / "journeys" / stamp
    folder.mkdir(parents=True, exist_ok=True)
    report_line(request, f"Journey screenshots: {folder}")
    return folder


def report_line(request, text: str) -> None:
    """A line in pytest's own output, which output capture does not swallow (CI's log names the folder)."""
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"\n{text}")


class Journey:
    """What the journeys share: the portal, the screenshot counter, axe-core and what each page showed."""

    def __init__(self, portal, browser, folder: Path, axe: str):
        self.portal = portal
        self.browser = browser
        self.folder = folder
        self.axe = axe
        self.step = 0
        self.checked_pages = 0

    def open_as(self, username: str):
        """A new browser (own cookies) signed in through the login form."""
        context = self.browser.new_context(base_url=self.portal.base_url, viewport=VIEWPORT, locale="vi-VN")
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto("/dang-nhap/")
        self.look(page, f"{username}-dang-nhap")
        page.fill("#id_username", username)
        page.fill("#id_password", self.portal.password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        assert "/dang-nhap/" not in page.url, f"{username} could not sign in: {page_text(page)[:300]}"
        return page

    def look(self, page, name: str) -> None:
        """Screenshot the page as it is, then run axe-core on it: no serious or critical violation."""
        page.wait_for_load_state()
        self.step += 1
        page.screenshot(path=self.folder / f"{self.step:02d}-{name}.png", full_page=True)
        page.add_script_tag(content=self.axe)
        violations = page.evaluate(
            """async () => {
                const result = await axe.run(document, {resultTypes: ["violations"]});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
                }));
            }"""
        )
        self.checked_pages += 1
        blocking = [v for v in violations if v["impact"] in AXE_BLOCKING_IMPACTS]
        assert not blocking, (
            f"axe-core on {page.url} ({self.step:02d}-{name}): {json.dumps(blocking, ensure_ascii=False)}"
        )


@pytest.fixture(scope="module")
def journey(request, production_portal, chromium, screenshots, axe_source):
    story = Journey(production_portal, chromium, screenshots, axe_source)
    yield story
    report_line(
        request, f"axe-core {AXE_CORE_VERSION} checked {story.checked_pages} pages; screenshots in {screenshots}"
    )


# --- reading the portal --------------------------------------------------------------------------------


def page_text(page) -> str:
    return page.inner_text("main") if page.locator("main").count() else page.inner_text("body")


def vn_int(value: int) -> str:
    """An integer as the portal writes it: dots group thousands ("1.250")."""
    return f"{value:,}".replace(",", ".")


def api_get_all(page, path: str) -> list[dict]:
    """Every row of an API list (following the pages of a paginated one), read with the page's session."""
    url, rows = urljoin(page.url, path), []
    while url:
        response = page.request.get(url)
        assert response.ok, f"GET {url}: {response.status}"
        body = response.json()
        if isinstance(body, list):
            return body
        rows.extend(body["results"])
        url = body["next"]
    return rows


def accepted_provincial_figures(page, period: str, target: str) -> dict[str, tuple[int, int]]:
    """Each province's (numerator, denominator) of ``target`` in its accepted report of ``period``, by agency code.

    Read through the API report by report, independently of the dashboard's aggregation. A province
    reports through its Sở LĐTBXH before 2025-07-01 and its Sở Y tế since (fixtures/reorganisation2025.yaml),
    so both kinds are asked for. A province that left the figure empty is missing, not zero
    (indicators/README.md, "whose figures count").
    """
    reports = api_get_all(
        page,
        f"/api/v1/reports/?period={period}&status=accepted"
        "&agency_kind=provincial_dolisa&agency_kind=provincial_health&page_size=100",
    )
    figures = {}
    for report in reports:
        for figure in api_get_all(page, f"/api/v1/reports/{report['id']}/figures/"):
            if figure["target"]["code"] == target and None not in (figure["numerator"], figure["denominator"]):
                figures[report["agency"]["code"]] = (figure["numerator"], figure["denominator"])
    return figures


def nav(page, name: str) -> None:
    """Click ``name`` in the main navigation."""
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def report_row(page, period: str):
    """The row of ``period`` on "Báo cáo của đơn vị"."""
    return page.locator("table.data tbody tr", has_text=f"({period})")


# --- filling the report form -----------------------------------------------------------------------------


def fill_report_form(page, figures: dict[str, str]) -> dict[str, str]:
    """Fill every section as an officer would; the tracked target gets ``figures``. Returns a few typed texts."""
    form = page.locator("#report-form")
    for fieldset in form.locator("fieldset.figure").all():
        code = fieldset.get_attribute("id").removeprefix("chi-tieu-")
        for name in ("numerator", "denominator", "items"):
            field = fieldset.locator(f"input[name='fig-{code}-{name}']")
            if field.count():
                value = figures.get(name) if code == TRACKED_TARGET else None
                field.fill(value or {"numerator": "18", "denominator": "24", "items": "12"}[name])
        yes = fieldset.locator(f"input[name='fig-{code}-yes_no'][value='yes']")
        if yes.count():
            yes.check()
        for month in fieldset.locator(f"input[name='fig-{code}-months']").all():
            month.check()
    for select in form.locator("fieldset.task select").all():
        select.select_option("in_progress")
    for results in form.locator("fieldset.task textarea[name$='-results']").all():
        results.fill("Đã triển khai theo kế hoạch của thành phố; 12 lớp tập huấn, 1.250 lượt người tham dự.")
    texts = {
        "results": "Thành phố triển khai đồng bộ các nhiệm vụ của Kế hoạch trong 6 tháng đầu năm.",
        "limitations": "Địa bàn rộng, tội phạm lợi dụng mạng xã hội ngày càng tinh vi.",
        "causes": "Cán bộ cấp xã kiêm nhiệm nhiều việc.",
        "directions": "Tăng cường kiểm tra liên ngành trong 6 tháng cuối năm.",
        "proposals": "Đề nghị Bộ tăng cường tập huấn cho cán bộ cấp xã.",
        "budget_central": "0",
        "budget_local": "1.250.000.000",
        "budget_other": "0",
        "dispatch_number": "125/BC-UBND",
        "dispatch_date": "15/06/2025",
        "dispatch_signer": "Nguyễn Văn An",
        "dispatch_signer_position": "Phó Chủ tịch UBND thành phố",
    }
    if form.locator("[name='lessons']").count():  # asked by the end-of-term review only
        texts["lessons"] = "Phối hợp liên ngành và kiểm tra thường xuyên là điều kiện để đạt các chỉ tiêu."
    for name, value in texts.items():
        form.locator(f"[name='{name}']").fill(value)
    # The statistics section: a number for each total (the parts "trong đó" may stay blank).
    for total in form.locator("fieldset.statistic input[name^='stat-'][name$='-value']").all():
        total.fill("12")
    return texts


def signed_report_pdf() -> bytes:
    """A small one-page PDF standing in for the scanned, signed and stamped report."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def attach_signed_report(page) -> None:
    page.select_option("#id_attachment_kind", "official_report")
    page.set_input_files(
        "#id_attachment_file",
        files=[{"name": "bao-cao-ha-noi.pdf", "mimeType": "application/pdf", "buffer": signed_report_pdf()}],
    )


def confirm_warnings(page) -> int:
    """Explain every plausibility warning the portal raised (submitting needs it). Returns how many."""
    boxes = page.locator("textarea[name$='-warning_comment']").all()
    for box in boxes:
        box.fill("Đã rà soát: số liệu đúng theo báo cáo của các quận, huyện.")
    return len(boxes)


def submit_report(journey, page, name: str) -> None:
    """Press "Lưu và gửi báo cáo"; where the portal asks to explain warnings, explain and send again."""
    page.get_by_role("button", name="Lưu và gửi báo cáo").click()
    page.wait_for_load_state()
    if page.locator("#report-form").count() and confirm_warnings(page):
        journey.look(page, f"{name}-canh-bao")
        page.get_by_role("button", name="Lưu và gửi báo cáo").click()
        page.wait_for_load_state()
    journey.look(page, name)
    assert not page.locator(".field-error").count(), page_text(page)[:2000]
    assert "Đã gửi" in page_text(page), page_text(page)[:2000]


# --- the journeys ------------------------------------------------------------------------------------------


class Story:
    """What a journey learnt that a later one reads (the journeys run in order)."""

    period: str | None = None
    period_name: str | None = None
    report_url: str | None = None


def test_the_provincial_officer_fills_saves_and_submits_the_open_periods_report(journey):
    officer = journey.open_as(OFFICER)
    journey.look(officer, "sohanoi-trang-dau")

    # Given the open period, which Hà Nội has not started yet.
    nav(officer, "Báo cáo của đơn vị")
    journey.look(officer, "sohanoi-bao-cao-cua-don-vi")
    start = officer.locator("table.data tbody tr", has=officer.get_by_role("button", name="Lập báo cáo")).first
    assert start.count(), "no open period to report on: " + page_text(officer)
    Story.period = re.search(r"\((\d{4}-(?:H1|FY|TK))\)", start.inner_text()).group(1)
    Story.period_name = start.locator("td strong").first.inner_text().strip()

    # When the officer starts it and types a decimal where a whole count belongs...
    start.get_by_role("button", name="Lập báo cáo").click()
    officer.wait_for_url(re.compile(r"/bao-cao/\d+/sua/"))
    Story.report_url = officer.url
    journey.look(officer, "sohanoi-mau-bao-cao")
    texts = fill_report_form(officer, {"numerator": "12,5", "denominator": FIRST_FIGURES["denominator"]})
    attach_signed_report(officer)
    officer.get_by_role("button", name="Lưu bản nháp").click()
    officer.wait_for_load_state()
    journey.look(officer, "sohanoi-loi-ben-o-nhap")

    # ...then the message sits beside that field, and nothing typed is lost.
    numerator = officer.locator(f"#id_fig-{TRACKED_TARGET}-numerator")
    error = officer.locator(f"#err_fig-{TRACKED_TARGET}-numerator")
    assert error.is_visible(), page_text(officer)[:2000]
    assert numerator.get_attribute("aria-invalid") == "true"
    assert officer.locator(f"#chi-tieu-{TRACKED_TARGET} .field-error").count() == 1
    assert numerator.input_value() == "12,5"
    assert officer.locator("[name='results']").input_value() == texts["results"]
    assert officer.locator(f"#id_fig-{TRACKED_TARGET}-denominator").input_value() == FIRST_FIGURES["denominator"]

    # When the officer fixes it and saves, the draft is saved without error.
    numerator.fill(FIRST_FIGURES["numerator"])
    officer.get_by_role("button", name="Lưu bản nháp").click()
    officer.wait_for_load_state()
    journey.look(officer, "sohanoi-da-luu-nhap")
    assert not officer.locator(".field-error").count(), page_text(officer)[:2000]

    # Leaving and coming back by the links, the values are still there.
    nav(officer, "Bảng điều khiển")
    journey.look(officer, "sohanoi-roi-di")
    nav(officer, "Báo cáo của đơn vị")
    report_row(officer, Story.period).get_by_role("link", name="Tiếp tục điền").click()
    officer.wait_for_url(Story.report_url)
    journey.look(officer, "sohanoi-quay-lai")
    assert officer.locator(f"#id_fig-{TRACKED_TARGET}-numerator").input_value() == FIRST_FIGURES["numerator"]
    assert officer.locator(f"#id_fig-{TRACKED_TARGET}-denominator").input_value() == FIRST_FIGURES["denominator"]
    for name in ("results", "dispatch_number", "budget_local"):
        assert officer.locator(f"[name='{name}']").input_value() == texts[name]
    assert officer.locator("ul.attachments", has_text="bao-cao-ha-noi.pdf").count()

    # Then it is submitted.
    submit_report(journey, officer, "sohanoi-da-gui")
    nav(officer, "Báo cáo của đơn vị")
    journey.look(officer, "sohanoi-danh-sach-da-gui")
    assert "Đã gửi" in report_row(officer, Story.period).inner_text()
    officer.context.close()


def open_for_review(journey, reviewer, name: str) -> None:
    """From the navigation to the province's report in the review list of the period."""
    nav(reviewer, "Thẩm định báo cáo")
    journey.look(reviewer, f"{name}-tham-dinh")
    reviewer.locator(f"a[href$='/tham-dinh/{Story.period}/']").first.click()
    journey.look(reviewer, f"{name}-danh-sach-ky")
    row = reviewer.locator("table tbody tr", has_text="Hà Nội").filter(
        has=reviewer.get_by_role("link", name="Thẩm định")
    )
    row.get_by_role("link", name="Thẩm định").click()
    reviewer.wait_for_url(re.compile(r"/bao-cao/\d+/$"))
    journey.look(reviewer, f"{name}-bao-cao")


def test_the_reviewer_returns_it_the_officer_corrects_it_and_the_reviewer_accepts_it(journey):
    assert Story.report_url, "the officer's journey did not submit a report"

    # The reviewer returns the report with a comment.
    reviewer = journey.open_as("thamdinh")
    open_for_review(journey, reviewer, "thamdinh-lan-1")
    reviewer.fill("textarea[name='comment']", RETURN_COMMENT)
    reviewer.get_by_role("button", name="Trả lại để bổ sung").click()
    reviewer.wait_for_load_state()
    journey.look(reviewer, "thamdinh-da-tra-lai")
    assert "Trả lại để bổ sung" in page_text(reviewer)

    # The officer sees it on "Báo cáo của đơn vị" and the reviewer's comment on the form.
    officer = journey.open_as(OFFICER)
    nav(officer, "Báo cáo của đơn vị")
    journey.look(officer, "sohanoi-thay-tra-lai")
    row = report_row(officer, Story.period)
    assert "Trả lại để bổ sung" in row.inner_text()
    row.get_by_role("link", name="Bổ sung, gửi lại").click()
    journey.look(officer, "sohanoi-y-kien-tham-dinh")
    assert RETURN_COMMENT in officer.locator(".notice-returned").inner_text()

    # The officer corrects the denominator and sends the report again.
    officer.fill(f"#id_fig-{TRACKED_TARGET}-denominator", CORRECTED_DENOMINATOR)
    submit_report(journey, officer, "sohanoi-gui-lai")
    officer.context.close()

    # The reviewer finds it again in the period's list and accepts it.
    open_for_review(journey, reviewer, "thamdinh-lan-2")
    reviewer.get_by_role("button", name="Tiếp nhận báo cáo").click()
    reviewer.wait_for_load_state()
    journey.look(reviewer, "thamdinh-da-tiep-nhan")
    assert "Đã tiếp nhận" in page_text(reviewer)
    reviewer.context.close()


def test_the_national_dashboard_shows_the_new_figure(journey):
    assert Story.period, "the officer's journey did not run"
    reviewer = journey.open_as("thamdinh")
    nav(reviewer, "Bảng điều khiển")
    reviewer.select_option("#dash-period", Story.period)
    reviewer.locator("form.dash-toolbar").get_by_role("button", name="Xem").click()
    reviewer.wait_for_url(re.compile(rf"ky={Story.period}"))
    journey.look(reviewer, "bang-dieu-khien-toan-quoc")

    # What the figure must be: Σ numerators / Σ denominators of the other provinces' accepted reports
    # of the period, plus the figures the officer typed (as corrected after the return).
    figures = accepted_provincial_figures(reviewer, Story.period, TRACKED_TARGET)
    others = [pair for code, pair in figures.items() if code != PROVINCE]
    assert len(others) >= 10, f"the demo data should hold many accepted reports of {Story.period}: {len(others)}"
    assert figures.get(PROVINCE) == (int(FIRST_FIGURES["numerator"]), int(CORRECTED_DENOMINATOR))
    numerator = sum(n for n, _ in others) + int(FIRST_FIGURES["numerator"])
    denominator = sum(d for _, d in others) + int(CORRECTED_DENOMINATOR)
    card = reviewer.locator(
        "article.kpi", has=reviewer.locator(".kpi-head .code", has_text=re.compile(rf"^{TRACKED_TARGET}$"))
    )
    assert card.count() == 1
    assert f"{vn_int(numerator)} / {vn_int(denominator)}" in card.locator(".kpi-facts").inner_text()
    percent = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert card.locator(".kpi-value").inner_text().strip() == f"{percent}%".replace(".", ",")
    reviewer.context.close()


def test_the_admin_exports_the_consolidated_pdf_and_downloads_it(journey):
    from pypdf import PdfReader

    assert Story.period_name, "the officer's journey did not run"

    admin = journey.open_as("quantri")
    nav(admin, "Xuất báo cáo")
    journey.look(admin, "quantri-xuat-bao-cao")
    admin.select_option("#id_kind", "pdf_consolidated")
    # The period the officer's report went into (its name as the officer's list wrote it).
    options = admin.locator("#id_period option")
    labels = [label.casefold() for label in options.all_inner_texts()]
    admin.locator("#id_period").select_option(index=labels.index(Story.period_name.casefold()))
    admin.locator("#id_dispatch_number").fill("45/BC-BYT")
    admin.get_by_role("button", name="Tạo tệp").click()
    admin.wait_for_url(re.compile(r"/xuat-bao-cao/\d+/$"))
    journey.look(admin, "quantri-dang-tao")

    # The job page follows the worker by itself, without reloading (a reload every few seconds would
    # throw a screen reader back to the top): watch its status until the job is done or says why not.
    reloads = []
    admin.on("framenavigated", lambda frame: reloads.append(frame.url) if frame == admin.main_frame else None)
    seen = [admin.locator("#export-status").get_attribute("data-status")]
    deadline = time.monotonic() + 300
    while seen[-1] in ("queued", "running") and time.monotonic() < deadline:
        admin.wait_for_timeout(500)
        status = admin.locator("#export-status").get_attribute("data-status")
        if status != seen[-1]:
            seen.append(status)
    assert not reloads, f"the job page reloaded itself: {reloads}"
    journey.look(admin, "quantri-da-tao")
    assert seen[-1] == "done", f"export job went {seen}: {page_text(admin)[:1000]}"

    with admin.expect_download() as download_info:
        admin.get_by_role("link", name="Tải tệp về").click()
    path = download_info.value.path()
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages > 1
    assert f"{pages}" in admin.locator(".facts").inner_text()
    admin.context.close()


def test_a_viewer_reads_the_accepted_report_by_clicks_and_can_change_nothing(journey):
    assert Story.period_name, "the officer's journey did not run"
    viewer = journey.open_as("vanphongcp")

    # From the dashboard to the provinces, to Hà Nội, to its report of the period, by links only.
    nav(viewer, "Bảng điều khiển")
    viewer.get_by_role("link", name="Tỉnh, thành phố", exact=True).click()
    journey.look(viewer, "vanphongcp-cac-tinh")
    viewer.get_by_role("link", name=re.compile("Hà Nội")).first.click()
    viewer.wait_for_url(re.compile(rf"/tinh/{PROVINCE}/"))
    journey.look(viewer, "vanphongcp-ha-noi")
    row = viewer.locator(
        "tr", has=viewer.locator("th", has_text=re.compile(rf"^{re.escape(Story.period_name)}$", re.I))
    )
    row.get_by_role("link", name="Đã tiếp nhận").click()
    viewer.wait_for_url(re.compile(r"/bao-cao/\d+/$"))
    journey.look(viewer, "vanphongcp-bao-cao")
    assert viewer.url == Story.report_url.removesuffix("sua/")

    # What the officer sent, as accepted; and nothing on the page that changes anything.
    main = viewer.locator("main")
    text = main.inner_text()
    assert "Đã tiếp nhận" in text and "125/BC-UBND" in text
    assert f"{FIRST_FIGURES['numerator']} / {CORRECTED_DENOMINATOR}" in text
    assert main.locator("form[method=post], form[method=POST], input[type=submit], textarea").count() == 0
    button_types = {button.get_attribute("type") for button in main.locator("button").all()}
    assert button_types <= {"button"}, f"a button that sends something: {button_types}"
    for word in ("Sửa", "Trả lại", "Tiếp nhận báo cáo", "Mở lại", "Xóa", "Ghi ý kiến", "Lập báo cáo"):
        for role in ("button", "link"):
            assert not main.get_by_role(role, name=word).count(), f"a {role} '{word}' on the viewer's page"
    viewer.context.close()
