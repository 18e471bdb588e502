"""The restore drill: back up the running portal (scripts/backup.sh), restore into an empty database and
an empty media folder (scripts/restore.sh), and find every report and every attachment there.

It works on a copy, so the running portal is not changed, except for three attachments of their own
that it adds first (the demo's attachments all share one file, which would prove too little).
"""

import json
import subprocess
from pathlib import Path

import pytest

from tests.production.conftest import BASE_DIR, _fresh_database, _tail

pytestmark = pytest.mark.production

ADD_ATTACHMENTS = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from accounts.models import User
from reporting.models import Attachment, Report
report = Report.objects.exclude(agency__code="so-ldtbxh-ha-noi").order_by("pk").first()
officer = User.objects.filter(is_superuser=True).first()
for n in range(3):
    name = default_storage.save(f"reports/drill/phu-luc-{n}.pdf", ContentFile(b"%PDF-1.4 drill " + bytes([48 + n])))
    Attachment.objects.create(report=report, kind="other", file=name, original_name=f"phu-luc-{n}.pdf",
                              size=default_storage.size(name), uploaded_by=officer)
"""

# What a restored portal holds: every report and attachment, whether each attachment's file is there
# and what it holds, and what the attachment page answers for a sample of them.
INVENTORY = """
import hashlib, json
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from accounts.models import User
from reporting.models import Attachment, Report
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(username="thamdinh"))
attachments = list(Attachment.objects.order_by("pk"))
files = {}
for a in attachments:
    files[a.pk] = hashlib.sha256(a.file.read()).hexdigest() if default_storage.exists(a.file.name) else None
    a.file.close()
sample = attachments[:5] + attachments[-5:]
pages = {a.pk: client.get(reverse("report-attachment", args=[a.report_id, a.pk])).status_code for a in sample}
print(json.dumps({
    "reports": sorted(Report.objects.values_list("pk", "status", "version")),
    "attachments": [[a.pk, a.report_id, a.file.name, files[a.pk]] for a in attachments],
    "pages": pages,
}))
"""


def _inventory(portal, **env) -> dict:
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [portal.env["PYTHON"], "manage.py", "shell", "-c", INVENTORY],
        cwd=BASE_DIR,
        env={**portal.env, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _script(name: str, archive: Path, env: dict, log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        result = subprocess.run(  # noqa: S603 - the repository's own script
            ["/bin/bash", str(BASE_DIR / "scripts" / name), str(archive)],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,
        )
    assert result.returncode == 0, f"{name} failed:\n{_tail(log)}"


def test_backup_restores_every_report_and_attachment_into_an_empty_database_and_folder(production_portal, tmp_path):
    portal = production_portal
    portal.manage("shell", "-c", ADD_ATTACHMENTS)
    before = _inventory(portal)
    assert len(before["reports"]) > 100
    assert len(before["attachments"]) >= 4
    assert all(digest for *_, digest in before["attachments"])

    archive = tmp_path / "plan808-backup.tar"
    log = portal.logs / "backup-restore.log"
    _script("backup.sh", archive, portal.env, log)

    restored_media = tmp_path / "restored-media"  # does not exist yet: restore makes it
    restored_database = _fresh_database(portal.database_url, suffix="_restore")
    restored = {**portal.env, "DATABASE_URL": restored_database, "MEDIA_ROOT": str(restored_media)}
    _script("restore.sh", archive, restored, log)

    after = _inventory(portal, DATABASE_URL=restored_database, MEDIA_ROOT=str(restored_media))
    assert after["reports"] == before["reports"]
    assert after["attachments"] == before["attachments"]  # same rows, same files, same bytes
    assert all(digest for *_, digest in after["attachments"])
    assert set(after["pages"].values()) == {200}, after["pages"]

    # A second restore into the same, now full, database is refused rather than mixed in.
    refused = subprocess.run(  # noqa: S603
        ["/bin/bash", str(BASE_DIR / "scripts" / "restore.sh"), str(archive)],
        cwd=BASE_DIR,
        env={**restored, "MEDIA_ROOT": str(tmp_path / "other-media")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0
    assert "Từ chối khôi phục" in refused.stderr
