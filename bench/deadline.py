"""A deadline day, measured: officers log in, start, save and submit while reviewers refresh dashboards.

    .venv/bin/python bench/deadline.py                        # PostgreSQL plan808_bench_deadline, Redis DBs 6/7
    .venv/bin/python bench/deadline.py --keep --write         # reuse the filled database; write bench/README.md
    .venv/bin/python bench/deadline.py --worker-class sync --workers 5 --keep-alive 0

The server is the production shape on loopback: ``collectstatic`` and gunicorn with DEBUG off,
PostgreSQL, Redis as cache and broker (no Celery worker runs: queued jobs wait in Redis, which costs
the web workers nothing). The database holds the plan, its 8 periods and every earlier report
(``bench/dashboards.py``'s fill); the annual period 2025-FY is open and empty. One officer per agency
the obligations expect (89) starts at a random second of the first ``--spread`` seconds and walks
the login page, the login, the home page, "my reports", "start", the form, a save with the official
report attached, the form again, "Lưu và gửi báo cáo" with every figure and task filled (every fifth
officer double-clicks it: the same post twice, 0.1 s apart, on two connections), and the report page, with a pause of ``--think`` seconds between steps. Meanwhile 20 reviewers log in and
refresh the national dashboard, the submissions page, the tasks board and the review list of the
period until the last officer is done. Each user keeps one connection (keep-alive), as a browser does.

The client is this process (threads, ``requests``). Its CPU time, gunicorn's (master and workers,
from /proc, the workers' start left out), PostgreSQL's (the backends of the bench database) and
Redis's (the whole server) are reported beside the wall time, since the machine may be shared; and
per request type, the request's own CPU and its time inside the worker, logged by the hooks of
``bench/gunicorn_costs.conf.py`` (which runs ``--gunicorn-config``, deploy/gunicorn.conf.py, unchanged). After the run the database is counted: submitted reports
of the period, submit events per report (a duplicate would show as two), and reports lost (an
officer told "sent" whose report is not submitted).
"""

import argparse
import datetime
import html.parser
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PERIOD = "2025-FY"
OFFICER_PASSWORD = "Bench-Officer-2025"
REVIEWER_PASSWORD = "Bench-Reviewer-2025"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/plan808_bench_deadline")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379", help="Redis server")
    parser.add_argument("--redis-dbs", default="6,7", help="the Redis databases of the broker and the cache")
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--keep", action="store_true", help="reuse the filled database; only the open period is reset")
    parser.add_argument("--officers", type=int, default=0, help="0: every agency the obligations expect")
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--spread", type=float, default=30.0, help="officers start within these seconds")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between an officer's steps (s)")
    parser.add_argument("-t", "--time-limit", type=float, default=120.0, help="the run stops after this (s)")
    parser.add_argument("--gunicorn-config", default=str(ROOT / "deploy" / "gunicorn.conf.py"))
    parser.add_argument("--workers", type=int, help="override the config's workers")
    parser.add_argument("--worker-class", help="override the config's worker class (sync, gthread)")
    parser.add_argument("--threads", type=int, help="override the config's threads")
    parser.add_argument("--keep-alive", type=int, help="override the config's keep-alive (s)")
    parser.add_argument("--label", default="", help="a name for this run in the table")
    parser.add_argument("--write", action="store_true", help="append the result to bench/README.md")
    parser.add_argument("--seed", type=int, default=808)
    return parser.parse_args()


def server_env(args) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "bench-deadline-day-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": f"{args.redis}/{args.redis_dbs.split(',')[0]}",
            "CACHE_URL": f"{args.redis}/{args.redis_dbs.split(',')[-1]}",
            "DJANGO_SETTINGS_MODULE": "plan808.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


# -- the database -------------------------------------------------------------------------------------


def prepare(args):
    """Fill the bench database (or reuse it), open the period empty, make the officers and reviewers."""
    from bench import dashboards

    must_fill = dashboards.fresh_database(args.database_url, args.keep)
    os.environ.update(server_env(args))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import transaction

    from accounts.models import Role, User
    from reporting.models import Report, ReportingPeriod
    from reporting.obligations import period_obligations

    if not must_fill:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a database kept from an older run meets today's models
    if must_fill:
        start = time.perf_counter()
        counts = dashboards.fill()
        print(f"filled in {time.perf_counter() - start:.0f} s: {counts}", flush=True)
    period = ReportingPeriod.objects.get(code=PERIOD)
    with transaction.atomic():
        Report.objects.filter(period=period).delete()
        ReportingPeriod.objects.exclude(pk=period.pk).update(is_open=False)
        ReportingPeriod.objects.filter(pk=period.pk).update(is_open=True)
        agencies = list(period_obligations(period).agencies)
        if args.officers:
            agencies = agencies[: args.officers]
        User.objects.filter(username__startswith="bench-o-").delete()
        officer_role = {"provincial": Role.objects.get(code="provincial_officer"), "other": None}
        officer_role["other"] = Role.objects.get(code="agency_officer")
        officers = []
        for agency in agencies:
            user = User.objects.create_user(
                username=f"bench-o-{agency.code}"[:150], password=OFFICER_PASSWORD, agency=agency
            )
            role = officer_role["provincial" if agency.kind.startswith("provincial") else "other"]
            user.roles.set([role])
            officers.append(user.username)
        reviewers = []
        reviewer_role = Role.objects.get(code="reviewer")
        for n in range(args.reviewers):
            name = f"bench-r-{n:02d}"
            user = User.objects.filter(username=name).first() or User.objects.create_user(
                username=name, password=REVIEWER_PASSWORD
            )
            user.set_password(REVIEWER_PASSWORD)
            user.agency = dashboards.monitoring_body()
            user.save()
            user.roles.set([reviewer_role])
            reviewers.append(name)
    cache.clear()
    return officers, reviewers


def count(officers_sent: set[str]) -> dict:
    from django.db.models import Count

    from reporting.models import Report, ReportEvent

    reports = Report.objects.filter(period__code=PERIOD)
    submitted = reports.filter(status=Report.Status.SUBMITTED)
    per_report = (
        ReportEvent.objects.filter(report__period__code=PERIOD, action="submit")
        .values("report_id")
        .annotate(n=Count("pk"))
    )
    submitted_codes = {f"bench-o-{code}"[:150] for code in submitted.values_list("agency__code", flat=True)}
    return {
        "reports": reports.count(),
        "submitted": submitted.count(),
        "submit events": sum(row["n"] for row in per_report),
        "duplicated": sum(row["n"] - 1 for row in per_report if row["n"] > 1),
        "lost": len(officers_sent - submitted_codes),
    }


# -- the server ---------------------------------------------------------------------------------------


def start_server(args):
    env = server_env(args)
    if not (args.keep and (ROOT / "staticfiles" / "staticfiles.json").exists()):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
    command = [sys.executable, "-m", "gunicorn", "plan808.wsgi:application", "--bind", f"127.0.0.1:{args.port}"]
    # The production file, read by bench/gunicorn_costs.conf.py, which adds the hooks logging each request's CPU.
    env["BENCH_GUNICORN_CONFIG"] = args.gunicorn_config
    env["BENCH_REQUEST_LOG"] = str(request_log(args))
    for old in request_log(args).parent.glob(request_log(args).name + ".*"):
        old.unlink()
    command += ["--config", str(ROOT / "bench" / "gunicorn_costs.conf.py")]
    for flag, value in (
        ("--workers", args.workers),
        ("--worker-class", args.worker_class),
        ("--threads", args.threads),
        ("--keep-alive", args.keep_alive),
    ):
        if value is not None:
            command += [flag, str(value)]
    log = open(Path(tempfile.gettempdir()) / f"bench-deadline-gunicorn-{args.port}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    import requests

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{args.port}/dang-nhap/", timeout=30)
            break
        except requests.RequestException:
            time.sleep(0.5)
    else:
        server.terminate()
        server.wait()
        raise SystemExit("gunicorn did not answer within 120 s")
    shown = [*command[2:]]
    shown[shown.index("--config") + 1] = args.gunicorn_config
    return server, " ".join(shown)


def server_cpu(pid: int) -> float:
    """CPU seconds of gunicorn so far: the master, the workers it has reaped, and its live workers (/proc)."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(path):
        # The command name may hold spaces; the fields that matter follow its closing parenthesis.
        return Path(path).read_text().rsplit(")", 1)[1].split()

    master = fields(f"/proc/{pid}/stat")
    total = sum(int(x) for x in master[11:15])  # utime, stime, cutime, cstime
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            values = fields(stat)
        except (OSError, IndexError):
            continue
        if values[1] == str(pid):  # the parent pid: a live worker
            total += int(values[11]) + int(values[12])
    return total / tick


def request_log(args) -> Path:
    return Path(tempfile.gettempdir()) / f"bench-deadline-requests-{args.port}"


def _cpu_of(pid) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class ProcessCPU(threading.Thread):
    """The CPU of PostgreSQL's backends serving the bench database, and of the Redis server, read from /proc.

    PostgreSQL and Redis run on this machine, beside gunicorn; their CPU is the portal's too. A backend
    is a process of its own whose command line names its database (``postgres: … user database
    host(port) state``); each one seen is sampled every 0.2 s and its CPU since the first sample
    (or since it started, for a backend opened during the run) is added up, so a backend closed
    during the run loses at most its last 0.2 s. PostgreSQL's shared processes (WAL writer,
    checkpointer) serve every database of the server and are not counted. Redis is one server for
    every helper of the machine: its CPU is the whole server's.
    """

    def __init__(self, database: str):
        super().__init__(daemon=True)
        self.database, self.stop = f" {database} ", threading.Event()
        self.first, self.last = {}, {}
        self.redis_pid = next(
            (
                p.parent.name
                for p in Path("/proc").glob("[0-9]*/cmdline")
                if self._cmdline(p).startswith("redis-server")
            ),
            None,
        )
        self.backends(initial=True)
        self.redis_before = self._safe(self.redis_pid)

    @staticmethod
    def _cmdline(path) -> str:
        try:
            return path.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            return ""

    @staticmethod
    def _safe(pid) -> float:
        try:
            return _cpu_of(pid) if pid else 0.0
        except (OSError, IndexError):
            return 0.0

    def backends(self, initial=False):
        for path in Path("/proc").glob("[0-9]*/cmdline"):
            line = self._cmdline(path)
            if line.startswith("postgres:") and self.database in line:
                pid = path.parent.name
                cpu = self._safe(pid)
                if pid not in self.first:
                    self.first[pid] = cpu if initial else 0.0
                self.last[pid] = max(cpu, self.last.get(pid, 0.0))

    def run(self):
        while not self.stop.wait(0.2):
            self.backends()

    def finish(self) -> tuple[float, float]:
        """(PostgreSQL backends' CPU seconds, Redis server's CPU seconds) since the start."""
        self.stop.set()
        self.join()
        self.backends()
        database = sum(self.last[pid] - self.first[pid] for pid in self.last)
        return database, self._safe(self.redis_pid) - self.redis_before


def stop_server(server) -> float:
    """Stop gunicorn and return the CPU seconds its master and workers spent."""
    spent = server_cpu(server.pid)
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)
    return spent


# -- the client ---------------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(list)
        self.closed = False  # set when the time limit is reached: what fails after is cut off, not an error
        self.cut_off = 0

    def add(self, kind: str, seconds: float, error: str = ""):
        with self.lock:
            if self.closed:
                self.cut_off += 1
                return
            self.times[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


class FormFields(html.parser.HTMLParser):
    """The named inputs, selects and textareas inside the report form, in order."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.fields = []  # (tag, name, type, value)
        self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "report-form":
            self.inside = True
        if not self.inside:
            return
        if tag in ("input", "textarea") and a.get("name"):
            self.fields.append((tag, a["name"], a.get("type", ""), a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
            self.fields.append(("select", a["name"], "", []))
        elif tag == "option" and self.select:
            self.fields[-1][3].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        if tag == "select":
            self.select = None


def filled(page: str, *, complete: bool) -> list[tuple[str, str]]:
    """The form's POST with plausible values: everything when ``complete``, a few figures otherwise."""
    parser = FormFields()
    parser.feed(page)
    post, seen = [], set()
    for tag, name, kind, value in parser.fields:
        if name in ("csrfmiddlewaretoken", "version", "action") or kind == "file":
            if name in ("csrfmiddlewaretoken", "version"):
                post.append((name, value))
            continue
        if not complete and not name.startswith("fig-"):
            continue
        if name.endswith("-numerator"):
            post.append((name, "420"))
        elif name.endswith("-denominator"):
            post.append((name, "579"))
        elif name.endswith("-items"):
            post.append((name, "36"))
        elif kind == "radio":
            if name not in seen:
                post.append((name, "yes"))
        elif kind == "checkbox" or kind == "hidden":
            post.append((name, value))
        elif name.endswith("-status"):
            post.append((name, "in_progress"))
        elif name == "attachment_kind":
            post.append((name, "official_report"))
        elif name.endswith("warning_comment"):
            post.append((name, "Số liệu đã được đối chiếu với báo cáo của các huyện."))
        elif name.startswith("stat-"):
            if name.endswith("-value"):
                post.append((name, "12"))  # a statistic's total; its parts and "no answer" stay empty
            continue
        elif name.endswith(("-answer", "-denominator_answer", "-answer_reason")):
            continue  # a figure is given, so no "không có số liệu" / "không áp dụng" answer
        elif name.endswith("-planned"):
            post.append((name, "80"))
        elif name.startswith("doc-"):
            continue  # directing documents are optional: the row stays empty
        elif tag == "select":
            continue  # any other choice keeps its first (empty) option
        elif name.startswith("budget_"):
            post.append((name, "1.250.000"))
        elif name == "dispatch_number":
            post.append((name, "125/BC-SLĐTBXH"))
        elif name == "dispatch_date":
            post.append((name, "01/12/2025"))
        elif name.startswith("dispatch_"):
            post.append((name, "Nguyễn Văn A"))
        elif tag == "textarea" or kind in ("text", ""):
            post.append((name, "Đã triển khai theo kế hoạch, tổ chức 12 lớp tập huấn cho 480 lượt cán bộ."))
        seen.add(name)
    return post


def version_of(page: str) -> str:
    marker = 'name="version" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


class User:
    def __init__(self, base: str, recorder: Recorder, username: str, password: str):
        import requests

        self.base, self.recorder, self.username, self.password = base, recorder, username, password
        self.session = requests.Session()
        self.session.headers["Referer"] = base + "/"
        self.session.headers["X-Bench"] = "1"  # bench/gunicorn_costs.conf.py logs these requests' CPU

    def call(self, kind: str, method: str, path: str, expect: int, **kwargs):
        import requests

        start = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, allow_redirects=False, timeout=60, **kwargs)
        except requests.RequestException as exc:
            self.recorder.add(kind, time.perf_counter() - start, f"{type(exc).__name__}: {exc}"[:200])
            return None
        error = "" if response.status_code == expect else f"HTTP {response.status_code} on {path}"
        self.recorder.add(kind, time.perf_counter() - start, error)
        return None if error else response

    def login(self) -> bool:
        page = self.call("login page", "GET", "/dang-nhap/", 200)
        if page is None:
            return False
        token = self.session.cookies.get("csrftoken")
        done = self.call(
            "login",
            "POST",
            "/dang-nhap/",
            302,
            data={"csrfmiddlewaretoken": token, "username": self.username, "password": self.password},
        )
        return done is not None


def double_click(user: User, edit: str, post: list, doubles: dict, lock: threading.Lock):
    """The submit sent twice, 0.1 s apart, on two connections of the same session: both answers, compared."""
    second = User(user.base, user.recorder, user.username, user.password)
    second.session.cookies.update(user.session.cookies)
    answers = {}

    def click(who, key, delay):
        time.sleep(delay)
        answers[key] = who.call("submit" if key == "first" else "submit, second click", "POST", edit, 302, data=post)

    threads = [threading.Thread(target=click, args=args) for args in ((user, "first", 0), (second, "second", 0.1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, again = answers.get("first"), answers.get("second")
    with lock:
        doubles["pairs"] += 1
        if first is not None and again is not None and first.headers["Location"] == again.headers["Location"]:
            doubles["same answer"] += 1
    return first or again


def officer(user: User, rng: random.Random, pause: float, sent: set, lock: threading.Lock, doubles=None):
    def think():
        time.sleep(rng.expovariate(1 / pause) if pause else 0)

    if not user.login():
        return
    think()
    user.call("home", "GET", "/", 200)
    think()
    if user.call("my reports", "GET", "/bao-cao/", 200) is None:
        return
    token = user.session.cookies.get("csrftoken")
    think()
    started = user.call("start", "POST", f"/bao-cao/ky/{PERIOD}/lap/", 302, data={"csrfmiddlewaretoken": token})
    if started is None:
        return
    edit = started.headers["Location"]
    form = user.call("form", "GET", edit, 200)
    if form is None:
        return
    think()
    post = [*filled(form.text, complete=False), ("action", "save")]
    files = {"attachment_file": ("cong-van.pdf", PDF_BYTES, "application/pdf")}
    post.append(("attachment_kind", "official_report"))
    if user.call("save", "POST", edit, 302, data=post, files=files) is None:
        return
    form = user.call("form", "GET", edit, 200)
    if form is None:
        return
    think()
    post = [*filled(form.text, complete=True), ("action", "submit")]
    if doubles is not None:
        done = double_click(user, edit, post, doubles, lock)
    else:
        done = user.call("submit", "POST", edit, 302, data=post)
    if done is None or "/sua/" in done.headers.get("Location", ""):
        return
    with lock:
        sent.add(user.username)
    user.call("report", "GET", done.headers["Location"], 200)


REVIEWER_PAGES = (
    ("national dashboard", f"/bang-dieu-khien/?ky={PERIOD}"),
    ("submissions", f"/bang-dieu-khien/bao-cao/?ky={PERIOD}"),
    ("tasks board", f"/bang-dieu-khien/nhiem-vu/?ky={PERIOD}"),
    ("review list", f"/tham-dinh/{PERIOD}/"),
)


def reviewer(user: User, rng: random.Random, stop: threading.Event):
    time.sleep(rng.uniform(0, 5))
    if not user.login():
        return
    while not stop.is_set():
        kind, path = rng.choice(REVIEWER_PAGES)
        user.call(kind, "GET", path, 200)
        stop.wait(rng.uniform(2, 6))


def run(args, officers, reviewers):
    base = f"http://127.0.0.1:{args.port}"
    recorder = Recorder()
    rng = random.Random(args.seed)
    sent, lock, stop = set(), threading.Lock(), threading.Event()
    officer_threads = []
    doubles = {"pairs": 0, "same answer": 0}
    for index, name in enumerate(officers):
        user = User(base, recorder, name, OFFICER_PASSWORD)
        seed, delay = rng.random(), rng.uniform(0, args.spread)
        # Every fifth officer double-clicks "Lưu và gửi báo cáo".
        twice = doubles if index % 5 == 0 else None
        thread = threading.Timer(delay, officer, [user, random.Random(seed), args.think, sent, lock, twice])
        thread.daemon = True
        officer_threads.append(thread)
    reviewer_threads = [
        threading.Thread(
            target=reviewer, args=[User(base, recorder, name, REVIEWER_PASSWORD), random.Random(rng.random()), stop]
        )
        for name in reviewers
    ]
    cpu, wall = time.process_time(), time.perf_counter()
    for thread in [*reviewer_threads, *officer_threads]:
        thread.start()
    deadline = wall + args.time_limit
    for thread in officer_threads:
        thread.join(max(0.0, deadline - time.perf_counter()))
    officers_done = time.perf_counter() - wall
    stop.set()
    for thread in reviewer_threads:
        thread.join(max(0.0, deadline - time.perf_counter()))
    recorder.closed = True
    unfinished = sum(thread.is_alive() for thread in officer_threads)
    recorder.doubles = doubles
    return recorder, sent, officers_done, unfinished, time.perf_counter() - wall, time.process_time() - cpu


# -- the report ---------------------------------------------------------------------------------------


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values)) - 1))]


def table(args, recorder, counts, officers, reviewers, done, wall, client_cpu, server, command):
    officers_done, unfinished = done
    server_cpu, database_cpu, redis_cpu, served = server
    kinds = list(recorder.times)
    everything = [t for kind in kinds for t in recorder.times[kind]]
    n_errors = sum(len(e) for e in recorder.errors.values())
    n_requests = max(1, len(everything))
    lines = [
        f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC{' (' + args.label + ')' if args.label else ''}: "
        f"`{command}`; {len(officers)} officers starting within {args.spread:.0f} s, "
        f"{len(reviewers)} reviewers; {os.cpu_count()} CPUs, load average before the run "
        f"{args.load_before:.1f} (shared machine).",
        "",
        (
            f"- all officers done after {officers_done:.1f} s"
            if not unfinished
            else f"- {unfinished} officers not done at the {args.time_limit:.0f} s limit "
            f"({recorder.cut_off} requests cut off when the server stopped)"
        )
        + f"; {len(everything)} requests answered in {wall:.1f} s = {len(everything) / wall:.1f} requests/s; "
        f"errors: {n_errors}",
        f"- client p50 {statistics.median(everything) * 1000:.0f} ms, p95 {percentile(everything, 0.95) * 1000:.0f} ms, "
        f"max {max(everything) * 1000:.0f} ms",
        f"- CPU: gunicorn {server_cpu:.1f} s, PostgreSQL's backends {database_cpu:.1f} s, together "
        f"{server_cpu + database_cpu:.1f} s ({(server_cpu + database_cpu) / wall:.2f} cores on average, "
        f"{server_cpu / n_requests * 1000:.0f} + {database_cpu / n_requests * 1000:.0f} = "
        f"{(server_cpu + database_cpu) / n_requests * 1000:.0f} ms per request); Redis {redis_cpu:.1f} s "
        f"(the whole server, shared); client {client_cpu:.1f} s; load average after the run {os.getloadavg()[0]:.1f}",
        f"- database after the run: {counts['submitted']} of {len(officers)} reports submitted, "
        f"{counts['submit events']} submit events, {counts['duplicated']} duplicated, {counts['lost']} lost "
        "(told sent, not submitted)",
        f"- double-clicks (every fifth officer posts the submit twice, 0.1 s apart): {recorder.doubles['pairs']} "
        f"pairs, {recorder.doubles['same answer']} answered both times with the same report page",
        "",
        "| request | n | p50 ms | p95 ms | max ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in kinds:
        times = recorder.times[kind]
        lines.append(
            f"| {kind} | {len(times)} | {statistics.median(times) * 1000:.0f} | {percentile(times, 0.95) * 1000:.0f} | "
            f"{max(times) * 1000:.0f} | {len(recorder.errors.get(kind, []))} |"
        )
    lines += [
        "",
        "In the server (gunicorn's hooks, `bench/gunicorn_costs.conf.py`): each request's own CPU (its thread's) and its "
        "time in the worker; the client's time above minus the worker's is the wait for a thread.",
        "",
        "| request | n | CPU ms mean | CPU ms p95 | in worker p50 ms | in worker p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, rows in served.items():
        cpus, walls = [r[0] for r in rows], [r[1] for r in rows]
        lines.append(
            f"| {kind} | {len(rows)} | {statistics.mean(cpus):.0f} | {percentile(cpus, 0.95):.0f} | "
            f"{statistics.median(walls):.0f} | {percentile(walls, 0.95):.0f} |"
        )
    total_thread_cpu = sum(r[0] for rows in served.values() for r in rows) / 1000
    lines.append(
        f"\nThe requests' own CPU adds up to {total_thread_cpu:.1f} s of gunicorn's {server_cpu:.1f} s "
        "(the rest: gunicorn's master, the workers' start and their connection handling)."
    )
    for kind, errors in recorder.errors.items():
        for error in sorted(set(errors))[:3]:
            lines.append(f"\n(error, {kind}: {error})")
    return "\n".join(lines)


def write_readme(text: str):
    readme = ROOT / "bench" / "README.md"
    begin, end = "<!-- bench:deadline:begin -->", "<!-- bench:deadline:end -->"
    content = readme.read_text(encoding="utf-8")
    if begin in content:
        head, rest = content.split(begin, 1)
        content = head + begin + "\n" + rest.split(end, 1)[0].strip("\n") + "\n\n" + text + "\n" + end
        content += rest.split(end, 1)[1]
    else:
        content += f"\n{begin}\n{text}\n{end}\n"
    readme.write_text(content, encoding="utf-8")


def server_requests(args) -> dict:
    """The requests gunicorn's hooks logged, by type: [(thread CPU ms, wall ms in the worker)]."""
    kinds = defaultdict(list)
    for path in request_log(args).parent.glob(request_log(args).name + ".*"):
        for line in path.read_text().splitlines():
            method, url, _status, location, cpu, wall = line.split("\t")
            kinds[request_kind(method, url, location)].append((float(cpu), float(wall)))
    return kinds


def request_kind(method: str, path: str, location: str) -> str:
    """The client's name of a request, told from what the server saw (a submit's two clicks are one kind)."""
    reviewer_pages = {urlpath.split("?")[0]: kind for kind, urlpath in REVIEWER_PAGES}
    if path == "/dang-nhap/":
        return "login page" if method == "GET" else "login"
    if path in ("/", "/bao-cao/"):
        return "home" if path == "/" else "my reports"
    if path.endswith("/lap/"):
        return "start"
    if path.endswith("/sua/"):
        if method == "GET":
            return "form"
        return "save" if "/sua/" in location else "submit (both clicks)"
    if path.startswith("/bao-cao/"):
        return "report"
    return reviewer_pages.get(path, path)


def main():
    args = parse_args()
    officers, reviewers = prepare(args)
    from django.db import connections

    connections.close_all()
    server, command = start_server(args)
    args.load_before = os.getloadavg()[0]
    processes = ProcessCPU(args.database_url.rsplit("/", 1)[1])
    processes.start()
    booted = server_cpu(server.pid)  # the workers' start (imports, Django's setup) is not the day's work
    try:
        recorder, sent, officers_done, unfinished, wall, client_cpu = run(args, officers, reviewers)
    finally:
        database_cpu, redis_cpu = processes.finish()
        spent = stop_server(server) - booted
    counts = count(sent)
    text = table(
        args,
        recorder,
        counts,
        officers,
        reviewers,
        (officers_done, unfinished),
        wall,
        client_cpu,
        (spent, database_cpu, redis_cpu, server_requests(args)),
        command,
    )
    print(text)
    if args.write:
        write_readme(text)


if __name__ == "__main__":
    main()
