"""The catalogue of report fields is the one list the form, the service, the workbook and the PDF use."""

import pytest
from django.utils import translation

from exports.selectors import BUDGET_SOURCES
from reporting import excel, fields
from reporting.models import IndicatorFigure, Report, TaskProgress


@pytest.mark.parametrize(
    ("catalogue", "model"),
    [(fields.REPORT_FIELDS, Report), (fields.FIGURE_FIELDS, IndicatorFigure), (fields.TASK_FIELDS, TaskProgress)],
)
def test_every_catalogued_field_is_a_field_of_its_model_and_fits_its_column(catalogue, model):
    for name, spec in catalogue.items():
        column = model._meta.get_field(name)
        if spec.max_length and column.max_length:
            assert spec.max_length <= column.max_length, name


def test_the_workbook_and_the_pdf_take_their_labels_from_the_catalogue():
    assert dict(excel.GENERAL_ROWS) == {n: f.sheet_label for n, f in fields.REPORT_FIELDS.items()}
    assert [key for key, _label in excel.FIGURE_COLUMNS][3:-1] == list(fields.FIGURE_FIELDS)
    assert [key for key, _label in excel.TASK_COLUMNS][2:] == list(fields.TASK_FIELDS)
    assert dict(BUDGET_SOURCES) == {n: fields.REPORT_FIELDS[n].label for n in fields.BUDGET_FIELDS}


def test_pages_show_a_label_in_the_readers_language_and_documents_keep_the_vietnamese():
    spec = fields.REPORT_FIELDS["budget_central"]
    with translation.override("en"):
        assert spec.title != spec.label
        assert spec.missing_message != spec.missing
    assert spec.label == "Ngân sách trung ương"
