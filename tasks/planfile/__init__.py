"""Plan files: load one into the database idempotently, and export a plan in the same shape.

The shape is documented in ``fixtures/SHAPE.md`` and the README. Loading validates the whole file
first and writes nothing when any entry is wrong; rows are matched by natural keys (agency and
collective codes, the plan's decision number, group/task/target codes, positions) and saved only
when a value differs, so a second load of the same file changes nothing.

The package: ``schema`` declares the file's entries and checks a whole document, ``load`` writes it,
``export`` reads a plan back into the same shape.
"""

from tasks.planfile.export import export_plan_data, export_plan_json
from tasks.planfile.load import LoadResult, load_plan_data, load_plan_file, read_plan_file
from tasks.planfile.schema import PlanFileError, validate

__all__ = [
    "LoadResult",
    "PlanFileError",
    "export_plan_data",
    "export_plan_json",
    "load_plan_data",
    "load_plan_file",
    "read_plan_file",
    "validate",
]
