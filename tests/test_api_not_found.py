"""Paths under /api/ that no pattern matches answer a JSON 404, never the site's HTML page."""

import pytest


@pytest.mark.parametrize(
    "path",
    ["/api/v1/reports/1/attachments/-5/", "/api/v1/reports/1/attachments/-5/download/", "/api/v1/no-such-thing/"],
)
def test_an_unknown_api_path_answers_json_404(client, hanoi_officer, path):
    client.force_login(hanoi_officer)
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
