"""The tree matches the README's layout: every module named, none too long, imports one way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("archive", "cli", "indexer", "web")
MAX_LINES = 600
#: Modules over MAX_LINES for now, each with the reason (none today).
KNOWN_LONG: set[str] = set()
#: (package, what it must never import), as the README's layout says.
FORBIDDEN = [
    ("archive", ("indexer", "web", "cli", "app")),
    ("indexer", ("web", "cli", "app")),
    ("web", ("indexer", "cli")),
    ("archive/store.py", ("archive.whoosh_backend", "archive.opensearch_backend", "whoosh")),
    ("archive/store.py", ("opensearchpy",)),
]
#: Engine clients and the only modules that may import them.
ENGINE_CLIENTS = {
    "whoosh": "archive/whoosh_backend/",
    "opensearchpy": "archive/opensearch_backend.py",
}


def product_modules(root: Path = ROOT) -> list[str]:
    """Every product module, as a path relative to the repository ("archive/store.py")."""
    found = ["app.py"] if (root / "app.py").exists() else []
    for top in PRODUCT:
        found += [
            p.relative_to(root).as_posix()
            for p in sorted((root / top).rglob("*.py"))
            if "__pycache__" not in p.parts
        ]
    return found


def layout_names(readme: str) -> set[str]:
    """The paths the README's layout tree names ("archive/search/run.py", "indexer/extract/")."""
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    folders: list[str] = []  # the open folder at each depth
    for line in section.splitlines():
        match = re.match(r"^    ( *)(\S+(?: \S+)*?)(?:  |$)", line)
        if not match or len(match.group(1)) % 2:
            continue
        depth = len(match.group(1)) // 2
        if depth > len(folders):  # a description's continuation line, not an entry
            continue
        tokens = match.group(2).split(" ")
        if not all(t.endswith(("/", ".py")) for t in tokens):
            continue
        del folders[depth:]
        prefix = "".join(folders)
        for token in tokens:
            names.add(prefix + token)
        if tokens[0].endswith("/"):
            folders.append(tokens[0])
    return names


def unnamed_modules(modules: list[str], names: set[str]) -> list[str]:
    """Modules the layout does not name; a package's private modules count as named by it."""
    missing = []
    for module in modules:
        folder, _, base = module.rpartition("/")
        private = base.startswith("_")  # __init__.py, __main__.py, _entities.py
        if module not in names and not (private and f"{folder}/" in names):
            missing.append(module)
    return missing


def imported_modules(root: Path, module: str) -> set[str]:
    """Every module ``module`` imports, at the top or inside functions (absolute names)."""
    tree = ast.parse((root / module).read_text(encoding="utf-8"))
    package = tuple(module.split("/")[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def import_violations(root: Path = ROOT) -> list[str]:
    """Every import the layout forbids, as "path imports module"."""
    violations = []
    for module in product_modules(root):
        imports = imported_modules(root, module)
        for scope, banned in FORBIDDEN:
            if module == scope or module.startswith(f"{scope}/"):
                violations += [
                    f"{module} imports {name}"
                    for name in sorted(imports)
                    if any(name == b or name.startswith(f"{b}.") for b in banned)
                ]
        for client, owner in ENGINE_CLIENTS.items():
            if not module.startswith(owner):
                violations += [
                    f"{module} imports {name} (only {owner} may)"
                    for name in sorted(imports)
                    if name == client or name.startswith(f"{client}.")
                ]
    return violations


def long_modules(root: Path = ROOT) -> list[str]:
    """Product modules over MAX_LINES lines, but for the known exceptions."""
    long = []
    for module in product_modules(root):
        lines = len((root / module).read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and module not in KNOWN_LONG:
            long.append(f"{module}: {lines} lines")
    return long


def test_every_product_module_is_named_in_the_readme_layout():
    names = layout_names((ROOT / "README.md").read_text(encoding="utf-8"))
    assert {"app.py", "archive/search/run.py", "indexer/extract/"} <= names
    missing = unnamed_modules(product_modules(), names)
    assert not missing, f"Add these to the README's Layout: {missing}"


def test_the_layout_names_nothing_that_is_not_there():
    names = layout_names((ROOT / "README.md").read_text(encoding="utf-8"))
    gone = [name for name in sorted(names) if not (ROOT / name).exists()]
    assert not gone, f"The README's Layout names what the tree does not have: {gone}"


def test_no_product_module_is_over_600_lines():
    assert not long_modules(), f"Split these (no product module over {MAX_LINES} lines)"
    for module in KNOWN_LONG:  # an exception that no longer applies is removed
        path = ROOT / module
        assert path.exists() and len(path.read_text().splitlines()) > MAX_LINES, module


def test_imports_go_one_way():
    violations = import_violations()
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("archive/extra.py", "def f():\n    from indexer import run\n", "imports indexer"),
        ("archive/extra.py", "import web.helpers\n", "imports web.helpers"),
        ("archive/search/extra.py", "from ...cli import main\n", "imports cli"),
        ("archive/store.py", "from archive.whoosh_backend import X\n", "archive.whoosh_backend"),
        ("archive/store.py", "from . import opensearch_backend\n", "archive.opensearch_backend"),
        ("web/extra.py", "from indexer.run import run_index\n", "imports indexer"),
        ("indexer/extra.py", "import whoosh.index\n", "only archive/whoosh_backend/ may"),
    ],
)
def test_the_checks_catch_a_violation(tmp_path, module, source, expected):
    """The same checks, on a tree holding one module that breaks the rules."""
    (tmp_path / module).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / module).write_text(source + "x = 1\n" * MAX_LINES, encoding="utf-8")
    assert any(expected in v for v in import_violations(tmp_path)), import_violations(tmp_path)
    assert long_modules(tmp_path) == [f"{module}: {MAX_LINES + source.count(chr(10))} lines"]
    names = layout_names((ROOT / "README.md").read_text(encoding="utf-8"))
    if module != "archive/store.py":
        assert unnamed_modules(product_modules(tmp_path), names) == [module]
