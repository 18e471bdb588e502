"""Every main page, as every role, on the production shape (gunicorn, DEBUG off, PostgreSQL, Redis, a worker).

Each demo account logs in through the login form, then walks the portal: the main pages named below,
and every same-site link those pages show (a few per kind of address), without ever changing
anything (only GET, never the logout or language forms). Nothing answers 5xx; a 403 or 404 is the
portal's own Vietnamese page, never Django's English one or its debug page; static files come with
hashed names, cached for long and compressed.
"""

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests

pytestmark = pytest.mark.production

ROLES = ("thamdinh", "sohanoi", "soytehanoi", "pheduyethue", "bocongan", "vanphongcp", "quantri")
MAIN_PAGES = (
    "/",
    "/ke-hoach/",
    "/chi-tieu/",
    "/co-quan/",
    "/bang-dieu-khien/",
    "/bang-dieu-khien/chi-tieu-theo-ky/",
    "/bang-dieu-khien/tinh/",
    "/bang-dieu-khien/nhiem-vu/",
    "/bang-dieu-khien/bao-cao/",
    "/bao-cao/",
    "/bao-cao/cho-phe-duyet/",
    "/tham-dinh/",
    "/thong-bao/",
    "/nhac-han/",
    "/xuat-bao-cao/",
    "/bao-cao-tong-hop/",
    "/nguoi-dung/",
    "/nhat-ky/",
    "/api/tokens/",
    "/api/docs/",
    "/doi-mat-khau/",
    "/admin/",
)
# Links that act rather than show (even by GET), or leave the portal's pages for a file or the API.
SKIP = re.compile(r"^/(dang-xuat|i18n)/|^/admin/.+|^/api/v1/|^/api/schema|/tai-ve/|\.xlsx$|/excel/$|/mo/$")
PER_PATTERN = 2  # addresses walked per kind (/bao-cao/<id>/ …): the pages are alike, the data differs
MAX_PAGES = 90  # per role
DEBUG_MARKERS = ("Using the URLconf", "Traceback", "technical_500", "Django tried these URL patterns")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.assets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def login(portal, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{portal.base_url}/dang-nhap/", timeout=60)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{portal.base_url}/dang-nhap/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": portal.password},
        headers={"Referer": f"{portal.base_url}/dang-nhap/"},
        timeout=60,
    )
    assert answer.status_code == 200, answer.status_code
    assert urlsplit(answer.url).path != "/dang-nhap/", f"{username} could not log in"
    return session


def pattern(path: str) -> str:
    return re.sub(r"/\d+/", "/<id>/", path)


def assert_portal_page(path: str, response: requests.Response) -> None:
    assert response.status_code < 500, f"{path} answered {response.status_code}"
    assert response.headers.get("X-Request-ID"), f"{path} has no request id"
    if "text/html" not in response.headers.get("Content-Type", ""):
        return
    text = response.text
    for marker in DEBUG_MARKERS:
        assert marker not in text, f"{path}: a debug page ({marker!r})"
    if response.status_code == 404:
        assert "Không tìm thấy trang" in text, f"{path}: not the portal's 404 page"
    if response.status_code == 403:
        assert "Không có quyền truy cập" in text, f"{path}: not the portal's 403 page"


@pytest.mark.parametrize("username", ROLES)
def test_every_main_page_as_every_role(production_portal, username):
    session = login(production_portal, username)
    base = production_portal.base_url
    queue = list(MAIN_PAGES)
    seen: set[str] = set()
    per_pattern: Counter = Counter()
    statuses: Counter = Counter()
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or per_pattern[pattern(path)] >= PER_PATTERN:
            continue
        seen.add(path)
        per_pattern[pattern(path)] += 1
        response = session.get(base + path, timeout=120, allow_redirects=False)
        statuses[response.status_code] += 1
        assert_portal_page(path, response)
        if response.status_code in (301, 302):
            target = urlsplit(urljoin(base + path, response.headers["Location"]))
            assert target.path != "/dang-nhap/", f"{username} was logged out at {path}"
            queue.insert(0, target.path + (f"?{target.query}" if target.query else ""))
            continue
        if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue
        for href in parse(response.text).links:
            url = urlsplit(urljoin(base + path, href))
            if f"{url.scheme}://{url.netloc}" != base or SKIP.search(url.path):
                continue
            queue.append(url.path + (f"?{url.query}" if url.query else ""))
    # The walk reached well beyond the main pages, and most of them opened.
    assert len(seen) >= 25, sorted(seen)
    assert statuses[200] >= 15, statuses


def test_not_found_is_the_portals_vietnamese_page(production_portal):
    session = login(production_portal, "thamdinh")
    response = session.get(f"{production_portal.base_url}/khong-co-trang-nay/", timeout=60)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
    assert "Not Found" not in response.text
    assert 'href="/static/css/portal.' in response.text


def test_forbidden_is_the_portals_vietnamese_page(production_portal):
    # The viewer may not manage users.
    session = login(production_portal, "vanphongcp")
    response = session.get(f"{production_portal.base_url}/nguoi-dung/", timeout=60)
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.text
    assert "403 Forbidden" not in response.text


def test_static_files_are_served_hashed_cached_and_compressed(production_portal):
    session = login(production_portal, "thamdinh")
    base = production_portal.base_url
    page = session.get(f"{base}/bang-dieu-khien/", timeout=60)
    assert page.status_code == 200
    assets = parse(page.text).assets
    local = [a for a in assets if a.startswith("/static/")]
    assert any(a.startswith("/static/css/portal.") for a in local), assets
    assert any("chart.umd.min." in a for a in local), assets
    for asset in local:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", asset), f"{asset}: not a hashed name"
        response = requests.get(base + asset, headers={"Accept-Encoding": "gzip"}, timeout=60)
        assert response.status_code == 200, asset
        assert response.headers.get("Content-Encoding") == "gzip", asset
        assert "immutable" in response.headers.get("Cache-Control", ""), asset
    # An unknown static file is a plain 404, not a page of the portal or an error.
    assert requests.get(f"{base}/static/css/khong-co.css", timeout=60).status_code == 404


def test_uploaded_files_are_not_served_by_path(production_portal):
    # The demo attachment exists on disk, but /media/ is no address of the portal: files go out only
    # through the report's attachment view, which asks accounts/rules.py.
    assert (production_portal.media_root / "reports" / "demo" / "bao-cao-mau.pdf").exists()
    session = login(production_portal, "thamdinh")
    response = session.get(f"{production_portal.base_url}/media/reports/demo/bao-cao-mau.pdf", timeout=60)
    assert response.status_code == 404


def test_health_endpoint_checks_database_cache_broker_and_worker(production_portal):
    response = requests.get(f"{production_portal.base_url}/suc-khoe/?format=json", timeout=60)
    assert response.status_code == 200, response.text
    checks = response.json()
    assert all(value == "OK" for value in checks.values()), checks
    names = " ".join(checks)
    for name in ("Database", "Cache", "Storage", "Redis", "Ping"):
        assert name in names, checks
