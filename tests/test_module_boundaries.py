"""How the apps may lean on each other, read from the source: a view calls services and selectors of
other apps, never their views; a template tag formats what the view gave it."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists())


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_no_view_calls_another_apps_view():
    crossings = []
    for app in APPS:
        for path in (ROOT / app).glob("views*.py"):
            for module in _imported_modules(path):
                parts = module.split(".")
                if parts[0] in APPS and parts[0] != app and "views" in parts[1:]:
                    crossings.append(f"{app}/{path.name} imports {module}")
    assert not crossings, crossings


def test_template_tags_neither_query_nor_ask_the_rules():
    # What a page shows and whether the user may act are decided in the view, which a test can count
    # and the permission matrix covers; a tag only formats.
    forbidden = ("rules", "accounts.rules", "django.db", "django.db.models")
    leaning = []
    for path in sorted(ROOT.glob("*/templatetags/*.py")):
        modules = _imported_modules(path)
        leaning += [
            f"{path.parent.parent.name}/templatetags/{path.name} imports {m}"
            for m in sorted(modules)
            if m in forbidden or m.endswith((".models", ".selectors")) or ".models." in m or ".selectors." in m
        ]
    assert not leaning, leaning
