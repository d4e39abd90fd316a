"""The package's layout is its architecture: each area imports only the areas below it.

Each package's `__init__.py` says what lives there and what it may import (`May import: ...`);
this test reads those sentences and checks every `from bot.X import` against them, so the
docstrings and the code cannot drift apart.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
PACKAGES = sorted(p.name for p in BOT.iterdir() if (p / "__init__.py").exists())
TOP_LEVEL_MODULES = sorted(p.stem for p in BOT.glob("*.py") if p.name != "__init__.py")
LONG_MODULES = {"core/texts.py", "core/models.py"}
"""The text catalogue (every sentence in both languages, in one place by design) and the schema
(every table with its constraints, read side by side with the migrations)."""
MAX_LINES = 550


def area(module: str) -> str:
    """bot.answers.schedule -> answers; bot.rasa_client -> rasa_client."""
    return module.split(".")[1]


def allowed_imports(package: str) -> set[str]:
    doc = ast.get_docstring(ast.parse((BOT / package / "__init__.py").read_text(encoding="utf-8"))) or ""
    found = re.search(r"May import: (.+?)\.?$", doc, re.S)
    assert found, f"bot/{package}/__init__.py does not say what it may import"
    if "any package of `bot`" in found.group(1):
        return set(PACKAGES) | set(TOP_LEVEL_MODULES)
    return {area(name) for name in re.findall(r"`(bot\.\w+)`", found.group(1))}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot.")
    }


def source_files() -> list[Path]:
    return [p for p in BOT.rglob("*.py") if "migrations" not in p.parts]


def test_bot_has_few_top_level_modules_and_every_area_is_a_documented_package() -> None:
    assert len(TOP_LEVEL_MODULES) <= 10, TOP_LEVEL_MODULES
    for package in PACKAGES:
        doc = ast.get_docstring(ast.parse((BOT / package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"bot/{package}/__init__.py needs a docstring saying what lives there"


@pytest.mark.parametrize("package", PACKAGES)
def test_each_area_imports_only_what_its_docstring_allows(package: str) -> None:
    allowed = allowed_imports(package) | {package}
    wrong = {
        f"{path.relative_to(BOT)} imports {module}"
        for path in (BOT / package).rglob("*.py")
        if "migrations" not in path.parts
        for module in imports_of(path)
        if area(module) not in allowed
    }
    assert not wrong, sorted(wrong)


def test_no_module_imports_a_private_name_of_another() -> None:
    private = {
        f"{path.relative_to(BOT)}: {alias.name} from {node.module}"
        for path in source_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot.")
        for alias in node.names
        if alias.name.startswith("_")
    }
    assert not private, sorted(private)


def test_modules_stay_small_enough_to_read() -> None:
    long = {
        f"{path.relative_to(BOT)}: {lines} lines"
        for path in source_files()
        if str(path.relative_to(BOT)) not in LONG_MODULES
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, sorted(long)


def test_the_rasa_rest_channel_is_addressed_in_one_place() -> None:
    users = [
        p.relative_to(BOT) for p in source_files() if "webhooks/rest/webhook" in p.read_text(encoding="utf-8")
    ]
    assert users == [Path("rasa_client.py")]
