"""The layer table in DEVELOPERS.md is the law: every import of our own code must be allowed by it.

The table is parsed from DEVELOPERS.md, so the document and the check cannot drift apart. Imports
inside functions count (a lazy import is still a dependency), and the server's whole chain of
client modules is followed, not only its direct imports.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = ("ebranch_desktop", "ebranch_server")


@dataclass(frozen=True)
class Layer:
    places: tuple[str, ...]  # module-name prefixes: "ebranch_desktop.domain", "ebranch_server"
    allowed: tuple[str, ...] | None  # prefixes it may import; None: everything
    forbidden: tuple[str, ...] = ()  # "everything but …"


def _module_prefix(text: str, package: str = "ebranch_desktop") -> str:
    text = text.strip("`/").removesuffix(".py").replace("/", ".")
    return text if text.startswith(OURS) else f"{package}.{text}"


def layer_table(markdown: str) -> list[Layer]:
    section = markdown.split("## Layers and where code goes", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, "no layer table under '## Layers and where code goes'"
    layers = []
    for row in rows:
        where, _what, may = (cell.strip() for cell in row.strip("|").split("|"))
        places = tuple(_module_prefix(p) for p in re.findall(r"`([^`]+)`", where))
        names = re.findall(r"`([^`]+)`", may)
        if may.startswith("nothing of ours"):
            layers.append(Layer(places, ()))
        elif "everything but" in may:
            layers.append(Layer(places, None, tuple(_module_prefix(n) for n in names)))
        elif "everything" in may:
            layers.append(Layer(places, None))
        else:
            layers.append(Layer(places, tuple(_module_prefix(n) for n in names)))
    return layers


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(source: str, module: str, is_package: bool) -> set[str]:
    """Our modules a file imports, anywhere in it (`from x import y` names x.y when y is a module)."""
    found: set[str] = set()
    package = module if is_package else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] in OURS}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] not in OURS:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if _is_module(sub) else target)
    return found


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for top in OURS:
        for path in (ROOT / top).rglob("*.py"):
            name = module_name(path)
            graph[name] = imports_of(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    return graph


def layer_of(module: str, layers: list[Layer]) -> Layer | None:
    best = None
    for layer in layers:
        for place in layer.places:
            if _within(module, place) and (best is None or len(place) > len(best[0])):
                best = (place, layer)
    return best[1] if best else None


def violations(graph: dict[str, set[str]], layers: list[Layer]) -> list[str]:
    out = []
    for module, targets in sorted(graph.items()):
        if module == "ebranch_desktop":
            continue  # the package itself: only the version
        layer = layer_of(module, layers)
        if layer is None:
            out.append(f"{module}: not placed in the layer table")
            continue
        for target in sorted(targets):
            if target == "ebranch_desktop" or layer_of(target, layers) is layer:
                continue  # the version, or its own layer
            if layer.allowed is None:
                if any(_within(target, f) for f in layer.forbidden):
                    out.append(f"{module} imports {target}")
            elif not any(_within(target, a) for a in layer.allowed):
                out.append(f"{module} imports {target}")
    return out


def chain(graph: dict[str, set[str]], start: set[str]) -> set[str]:
    seen, todo = set(), list(start)
    while todo:
        name = todo.pop()
        if name not in seen and name in graph:
            seen.add(name)
            todo.extend(graph[name])
    return seen


@pytest.fixture(scope="module")
def layers():
    return layer_table((ROOT / "DEVELOPERS.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def test_every_import_is_allowed_by_the_table(graph, layers):
    assert violations(graph, layers) == []


def test_the_server_loads_only_the_client_modules_its_row_names(graph, layers):
    server = next(layer for layer in layers if "ebranch_server" in layer.places)
    client_reached = {m for m in chain(graph, {m for m in graph if _within(m, "ebranch_server")})
                      if _within(m, "ebranch_desktop") and m != "ebranch_desktop"}
    assert client_reached, "the server shares the wire format with the client"
    assert sorted(m for m in client_reached if not any(_within(m, a) for a in server.allowed)) == []


def test_services_and_sync_do_not_import_each_other(graph):
    for a, b in (("services", "sync"), ("sync", "services")):
        leaks = [(m, t) for m, ts in graph.items() if _within(m, f"ebranch_desktop.{a}")
                 for t in ts if _within(t, f"ebranch_desktop.{b}")]
        assert leaks == []


def test_the_check_finds_a_forbidden_import_a_lazy_one_and_an_unplaced_module(layers):
    fake = {
        "ebranch_desktop.services.meetings": imports_of(
            "def f():\n    from ..sync import engine\n", "ebranch_desktop.services.meetings", False),
        "ebranch_desktop.domain.vocab": imports_of(
            "from ebranch_desktop.store.models import Member\n", "ebranch_desktop.domain.vocab", False),
        "ebranch_server.push": imports_of(
            "from ebranch_desktop.services import roster_import\n", "ebranch_server.push", False),
        "ebranch_desktop.cli.main": imports_of("from ..ui import app\n", "ebranch_desktop.cli.main", False),
        "ebranch_desktop.newcomer": set(),
    }
    found = violations(fake, layers)
    assert found == [
        "ebranch_desktop.cli.main imports ebranch_desktop.ui.app",
        "ebranch_desktop.domain.vocab imports ebranch_desktop.store.models",
        "ebranch_desktop.newcomer: not placed in the layer table",
        "ebranch_desktop.services.meetings imports ebranch_desktop.sync.engine",
        "ebranch_server.push imports ebranch_desktop.services.roster_import",
    ]
