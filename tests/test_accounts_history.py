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
