#!/usr/bin/env python3
"""A provincial system talking to the portal's API with its officer's token (standard library only).

It reads the plan, fills and submits its 2025-H1 report, and reads the national figures:

    python scripts/api_demo.py --base http://127.0.0.1:8000 --token KEY --pdf bao-cao-da-ky.pdf

KEY is the token an admin issued to the officer on /api/tokens/. The figures sent here are demo
values; a real system sends its own. Every answer is JSON; a refused request prints the message of
each field and stops.
"""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path


class ApiError(RuntimeError):
    def __init__(self, status: int, body):
        self.status, self.body = status, body
        super().__init__(f"HTTP {status}: {json.dumps(body, ensure_ascii=False)}")


class Portal:
    def __init__(self, base: str, token: str):
        if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
            raise ValueError("The portal's address starts with http:// or https://")
        self.base = base.rstrip("/")
        self.headers = {"Authorization": f"Token {token}", "Accept": "application/json"}

    def send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """One request; returns (status, headers, parsed JSON). Tests replace this with an in-process call."""
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.base + path, data=body, method=method, headers={**self.headers, **(headers or {})}
        )
        try:
            with urllib.request.urlopen(request) as response:  # noqa: S310 - the scheme is checked in __init__
                return response.status, dict(response.headers), json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), json.loads(error.read() or b"null")

    def call(self, method: str, path: str, data=None, headers=None):
        body = json.dumps(data).encode() if data is not None else None
        status, _headers, payload = self.send(
            method, path, body, {"Content-Type": "application/json", **(headers or {})}
        )
        if status >= 400:
            raise ApiError(status, payload)
        return payload

    def upload(self, path: str, fields: dict, filename: str, content: bytes):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        status, _headers, payload = self.send(
            "POST", path, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        if status >= 400:
            raise ApiError(status, payload)
        return payload

    def all(self, path: str) -> list:
        """Every row of a paginated list, following ``next``."""
        rows = []
        while path:
            page = self.call("GET", path)
            rows.extend(page["results"])
            following = urllib.parse.urlsplit(page["next"]) if page["next"] else None
            path = f"{following.path}?{following.query}" if following else None
        return rows


def demo_values(report: dict) -> dict:
    """Plausible figures for every target and task the report asks for (a real system sends its own)."""
    months = [f"{report['period']['code'][:4]}-{m:02d}" for m in range(1, 7)]
    figures = {}
    for figure in report["figures"]:
        code, measure = figure["target"]["code"], figure["target"]["measure"]
        if measure == "yes_no_share":
            figures[code] = {"yes_no": True}
        elif measure == "months_covered":
            figures[code] = {"months": months, "items": 24}
        elif measure == "yoy_change":
            figures[code] = {"numerator": 31}
        else:
            figures[code] = {"numerator": 412, "denominator": 579}
    tasks = {
        row["task"]["code"]: {"status": "in_progress", "results": "Đã triển khai theo kế hoạch của tỉnh."}
        for row in report["tasks"]
    }
    # The statistics section: a number where the province has one, "no data" with a reason where not.
    statistics = {
        line["code"]: {"value": None, "no_answer": "no_data", "reason": "Chưa tổ chức khảo sát."}
        if line["aggregation"] == "none"
        else {"value": 12}
        for line in report.get("statistics", [])
    }
    return {
        "statistics": statistics,
        "results": "Các sở, ngành, địa phương đã triển khai Kế hoạch theo đúng tiến độ.",
        "limitations": "Kinh phí bố trí cho công tác phòng, chống mại dâm còn hạn chế.",
        "causes": "Cán bộ làm công tác phòng, chống tệ nạn xã hội cấp xã kiêm nhiệm nhiều việc.",
        "directions": "Tăng cường kiểm tra liên ngành các cơ sở kinh doanh dịch vụ trong kỳ tới.",
        "proposals": "Đề nghị Bộ tiếp tục tổ chức tập huấn cho cán bộ cấp xã.",
        "budget_central": 0,
        "budget_local": 850_000_000,
        "budget_other": 0,
        "dispatch_number": "125/BC-SLĐTBXH",
        "dispatch_date": "2025-06-12",
        "dispatch_signer": "Nguyễn Văn A",
        "dispatch_signer_position": "Phó Giám đốc",
        "figures": figures,
        "tasks": tasks,
    }


def run(portal: Portal, pdf: bytes, period: str = "2025-H1", out=sys.stdout) -> dict:
    """The whole flow; returns what it read, for the caller (and the test) to look at."""
    plan = portal.call("GET", "/api/v1/plans/")["results"][0]
    tasks = portal.all("/api/v1/tasks/")
    print(f"Kế hoạch {plan['code']}: {len(plan['groups'])} nhóm, {len(tasks)} nhiệm vụ", file=out)

    report = portal.call("POST", "/api/v1/reports/", {"period": period})
    print(f"Báo cáo {report['id']} của {report['agency']['name']}: {report['status']}", file=out)
    # Send the version read: if someone saved in between, the portal answers 409 and nothing is lost.
    report = portal.call(
        "PATCH", f"/api/v1/reports/{report['id']}/", {"version": report["version"], **demo_values(report)}
    )
    portal.upload(f"/api/v1/reports/{report['id']}/attachments/", {"kind": "official_report"}, "bao-cao.pdf", pdf)
    report = portal.call("POST", f"/api/v1/reports/{report['id']}/submit/", {}, {"If-Match": f'"{report["version"]}"'})
    print(f"Đã gửi lúc {report['submitted_at']} (đúng hạn: {report['is_on_time']})", file=out)

    national = portal.call("GET", f"/api/v1/national/{period}/")
    for figure in national["figures"]:
        value = "—" if figure["value"] is None else figure["value"].replace(".", ",")
        line = f"  {figure['target']['code']:>3} {value:>6} {figure['target']['unit']} {figure['status_label']}"
        print(f"{line} ({figure['coverage_text']})", file=out)
    return {"plan": plan, "tasks": tasks, "report": report, "national": national}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True)
    parser.add_argument("--pdf", required=True, type=Path, help="the signed report (PDF) to attach")
    parser.add_argument("--period", default="2025-H1")
    args = parser.parse_args()
    try:
        run(Portal(args.base, args.token), args.pdf.read_bytes(), args.period)
    except ApiError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
