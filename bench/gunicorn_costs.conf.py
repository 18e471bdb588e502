"""deploy/gunicorn.conf.py as it is, plus two hooks that log what each request cost the worker (bench only).

``bench/deadline.py`` starts gunicorn with this file, so the server is the production shape, and
each request adds a line to ``$BENCH_REQUEST_LOG.<worker pid>``: method, path, status, Location, the
CPU time of the thread that served it (``time.thread_time``: the request's own CPU, not its
neighbours') and its wall time from gunicorn's ``pre_request`` to its ``post_request`` (the response
written). The client's time minus this one is the time the request waited before a thread took it.
Only the bench client's requests are logged (they carry ``X-Bench: 1``), not the readiness probe.
The production file is ``$BENCH_GUNICORN_CONFIG`` (default: deploy/gunicorn.conf.py).
"""

import os
import threading
import time
from pathlib import Path

_production = os.environ.get("BENCH_GUNICORN_CONFIG") or str(
    Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"
)
exec(compile(Path(_production).read_text(), _production, "exec"))

_local = threading.local()
_files = {}


def pre_request(worker, req):
    _local.start = (time.perf_counter(), time.thread_time())


def post_request(worker, req, environ, resp):
    start = getattr(_local, "start", None)
    if start is None or not os.environ.get("BENCH_REQUEST_LOG") or ("X-BENCH", "1") not in req.headers:
        return
    wall, cpu = time.perf_counter() - start[0], time.thread_time() - start[1]
    location = next((value for name, value in resp.headers if name.lower() == "location"), "")
    line = f"{req.method}\t{req.path}\t{resp.status_code}\t{location}\t{cpu * 1000:.2f}\t{wall * 1000:.2f}\n"
    pid = os.getpid()
    log = _files.get(pid)
    if log is None:
        log = _files[pid] = open(f"{os.environ['BENCH_REQUEST_LOG']}.{pid}", "a", buffering=1)  # noqa: SIM115
    log.write(line)
