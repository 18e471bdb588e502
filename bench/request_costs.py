"""What each request of a deadline day costs the server, one user at a time: CPU, database CPU, queries.

    .venv/bin/python bench/request_costs.py --database-url postgres://postgres@127.0.0.1:5432/plan808_bench_deadline
    .venv/bin/python bench/request_costs.py --officers 8 --profile form     # and a cProfile of the form's GET

It replays ``bench/deadline.py``'s journeys in this process with ``django.test.Client`` (the whole
middleware stack, DEBUG off, PostgreSQL, Redis as the cache), one request at a time, so the figures do not depend on the machine's load: for each request
type, the median of this process's CPU (Django, templates, the driver), of its PostgreSQL backend's
CPU (read from /proc: the database runs on this machine), the number of queries and their time
(counted by a ``connection.execute_wrapper``, which adds little). The database is the one
``bench/deadline.py`` fills (run it once first); the open period 2025-FY is emptied before the replay.

Each officer walks the login page, the login (the password hasher included), home, my reports,
start, the form, a save with the official report attached, the form again, "Lưu và gửi báo cáo"
and the report page; after each officer's submit, a reviewer requests each of the reviewers' pages
(so the caches a submit makes stale are cold for them, as on a deadline day), then each again (warm).
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/plan808_bench_deadline")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379", help="Redis server")
    parser.add_argument("--redis-dbs", default="6,7", help="the Redis databases of the broker and the cache")
    parser.add_argument(
        "--officers", type=int, default=9, help="officers replayed, spread over the 89 (the first warms up)"
    )
    parser.add_argument("--profile", default="", help="a request type to profile with cProfile (its last request)")
    parser.add_argument("--queries", default="", help="a request type whose queries to print (its last request)")
    return parser.parse_args()


class Counter:
    """A connection.execute_wrapper: how many queries a request ran and how long they took (wall)."""

    def __init__(self):
        self.queries, self.seconds, self.sql = 0, 0.0, []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.queries += 1
            self.sql.append(sql)


def backend_cpu() -> tuple[int, float]:
    from bench.dashboards import _database_cpu

    return _database_cpu()


def main():
    args = parse_args()
    # deadline.py's own preparation: its database (filled if missing), the period emptied, its users.
    from bench.deadline import OFFICER_PASSWORD, PDF_BYTES, PERIOD, REVIEWER_PAGES, filled, prepare

    everyone, reviewers = prepare(
        argparse.Namespace(
            database_url=args.database_url,
            redis=args.redis,
            redis_dbs=args.redis_dbs,
            keep=True,
            officers=0,
            reviewers=2,
        )
    )
    officers = everyone[:: max(1, len(everyone) // args.officers)][: args.officers]
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 86400
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 86400
    reviewer = User.objects.get(username=reviewers[0])
    samples = defaultdict(lambda: defaultdict(list))
    handler = Client().handler  # one handler for every client, as one gunicorn worker has: its middleware loads once

    def new_client():
        client = Client()
        client.handler = handler
        return client

    profiles, queries = {}, {}

    def timed(kind, client, method, path, expect, data=None, record=True):
        counter = Counter()
        profiler = cProfile.Profile() if args.profile == kind else None
        pid, db = backend_cpu()
        wall, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counter):
            if profiler:
                profiler.enable()
            response = getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)
            if profiler:
                profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        pid_after, db_after = backend_cpu()
        assert response.status_code == expect, (kind, path, response.status_code)
        if record:
            s = samples[kind]
            s["cpu"].append(cpu * 1000)
            s["db cpu"].append((db_after - db) * 1000 if pid and pid == pid_after else 0.0)
            s["wall"].append(wall * 1000)
            s["queries"].append(counter.queries)
            s["query ms"].append(counter.seconds * 1000)
            if profiler:
                profiles[kind] = profiler
            if args.queries == kind:
                queries[kind] = counter.sql
        return response

    for index, username in enumerate(officers):
        record = index > 0  # the first officer warms up imports, templates and the structure caches
        client = new_client()
        timed("login page", client, "get", "/dang-nhap/", 200, record=record)
        timed("login", client, "post", "/dang-nhap/", 302, {"username": username, "password": OFFICER_PASSWORD}, record)
        timed("home", client, "get", "/", 200, record=record)
        timed("my reports", client, "get", "/bao-cao/", 200, record=record)
        started = timed("start", client, "post", f"/bao-cao/ky/{PERIOD}/lap/", 302, {}, record)
        edit = started["Location"]
        form = timed("form", client, "get", edit, 200, record=record)
        post = defaultdict(list)
        for name, value in [*filled(form.content.decode(), complete=False), ("action", "save")]:
            post[name].append(value)
        post["attachment_kind"] = ["official_report"]
        post["attachment_file"] = [SimpleUploadedFile("cong-van.pdf", PDF_BYTES, "application/pdf")]
        timed("save", client, "post", edit, 302, dict(post), record)
        form = timed("form, again", client, "get", edit, 200, record=record)
        post = defaultdict(list)
        for name, value in [*filled(form.content.decode(), complete=True), ("action", "submit")]:
            post[name].append(value)
        done = timed("submit", client, "post", edit, 302, dict(post), record)
        assert "/sua/" not in done["Location"], "the submit came back as the form"
        timed("submit, second click", client, "post", edit, 302, dict(post), record)
        timed("report", client, "get", done["Location"], 200, record=record)
        reviewing = new_client()
        reviewing.force_login(reviewer)
        for mode in ("after a submit", "warm"):
            for kind, path in REVIEWER_PAGES:
                timed(f"{kind}, {mode}", reviewing, "get", path, 200, record=record)

    print(
        f"{len(officers) - 1} officers replayed one request at a time (after one warm-up), DEBUG off, "
        f"{connection.vendor}, Redis cache; medians (DB CPU: mean):"
    )
    print()
    print("| request | CPU ms | DB CPU ms | CPU + DB ms | queries | query ms (wall) | wall ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind, s in samples.items():
        m = {name: statistics.median(values) for name, values in s.items()}
        m["db cpu"] = statistics.mean(s["db cpu"])  # /proc counts in ticks of 10 ms: a mean, not a median
        print(
            f"| {kind} | {m['cpu']:.0f} | {m['db cpu']:.0f} | {m['cpu'] + m['db cpu']:.0f} | {m['queries']:.0f} "
            f"| {m['query ms']:.0f} | {m['wall']:.0f} |"
        )
    for kind, sqls in queries.items():
        print(f"\nThe queries of {kind}:")
        for sql in sqls:
            print("  ", sql[:300])
    for kind, profiler in profiles.items():
        print(f"\ncProfile of {kind} (cumulative, top 45):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        print(f"\ncProfile of {kind} (own time, top 30):")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
