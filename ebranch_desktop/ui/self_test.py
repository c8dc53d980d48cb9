"""`ebranch-desktop --self-test`: prove that this build starts, migrates, draws and prints."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import pkgutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OK, SKIP, FAIL = "OK", "SKIP", "FAIL"
REQUIRED_RESOURCES = (("rules", "meeting_rules.json"),)
# Executed by alembic from files, or entry points run elsewhere: never imported as modules.
NOT_IMPORTABLE = (".migrations", "__main__")


@dataclass
class Result:
    """Outcome of one check."""

    name: str
    status: str
    detail: str
    seconds: float


class Skipped(Exception):  # noqa: N818 - a check that doesn't apply here, not an error
    """Raised by a check that cannot run in this build (a feature not present yet)."""


@dataclass
class Context:
    """What the checks share: the temp folder, and the app, workspace and window once made."""

    tmp: Path
    app: Any = None
    workspace: Any = None
    window: Any = None


def use_offscreen_without_display() -> None:
    """Linux without X11/Wayland (CI, ssh): Qt's offscreen platform instead of an abort."""
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def check_version(ctx: Context) -> str:
    from .. import __version__
    from ..store.schema import HEAD_REVISION
    from ..sync.wire import PROTOCOL_VERSION

    if __version__ == "0.0.0+source" and getattr(sys, "frozen", False):
        raise RuntimeError("package metadata missing from the bundle (copy_metadata in the spec)")
    return f"{__version__}, schema {HEAD_REVISION}, sync protocol {PROTOCOL_VERSION}"


def check_bundle(ctx: Context) -> str:
    from ..paths import portable_data_dir, resolve_data_dir

    where = f"frozen in {sys._MEIPASS}" if getattr(sys, "frozen", False) else "from source"  # type: ignore[attr-defined]
    mode = "portable" if portable_data_dir() is not None else "per-user"
    return f"{where}; workspace folder ({mode}): {resolve_data_dir(None)}"


def check_modules(ctx: Context) -> str:
    """Import every module of the package: catches hidden imports a lazy code path needs."""
    import ebranch_desktop

    names, failed = [], []
    for info in pkgutil.walk_packages(ebranch_desktop.__path__, "ebranch_desktop."):
        if any(part in info.name for part in NOT_IMPORTABLE):
            continue
        names.append(info.name)
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # noqa: BLE001 - collect them all, then fail once
            failed.append(f"{info.name}: {type(exc).__name__}: {exc}")
    if failed:
        raise RuntimeError("; ".join(failed))
    if len(names) < 20:  # the walk itself broken (a frozen importer that can't list modules)
        raise RuntimeError(f"only {len(names)} modules found")
    return f"{len(names)} modules imported"


def check_resources(ctx: Context) -> str:
    from ..paths import resource, resources_dir

    missing = [str(Path(*parts)) for parts in REQUIRED_RESOURCES if not resource(*parts).is_file()]
    if missing:
        raise FileNotFoundError(f"missing in {resources_dir()}: {', '.join(missing)}")
    json.loads(resource("rules", "meeting_rules.json").read_text(encoding="utf-8"))
    fonts = sorted(p.name for p in resource("fonts").glob("*.tt[cf]"))
    qms = sorted(p.name for p in resource("translations").glob("*.qm"))
    return f"{resources_dir()}: rules, fonts {fonts or 'none'}, translations {qms or 'none'}"


def check_database(ctx: Context) -> str:
    from ..demo_data import Plan
    from ..services import demo
    from ..store import schema
    from ..store.vault import new_key
    from ..store.workspace import open_workspace

    # Encrypted, like every real workspace: proves the bundled SQLCipher library loads and works.
    ctx.workspace = open_workspace(ctx.tmp / "workspace", key=new_key())  # runs every migration
    found = schema.current_revision(ctx.workspace.engine)
    if found != schema.HEAD_REVISION:
        raise RuntimeError(f"schema is {found} after migrating, expected {schema.HEAD_REVISION}")
    scripts = schema.known_revisions()
    count = demo.create_demo(ctx.workspace, Plan(branches=1, months=3))
    with ctx.workspace.engine.connect() as conn:  # the engine's own library: SQLCipher
        cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    return (f"migrated to {found} ({len(scripts)} migration(s), SQLCipher {cipher}), "
            f"{count} demo records")


def check_qt(ctx: Context) -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QLibraryInfo, QSettings, QTranslator
    from PySide6.QtWidgets import QApplication

    # Never read or write the user's own preferences (window size, language) from here.
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(ctx.tmp / "settings"))
    ctx.app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "ebranch-desktop"])
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load("qtbase_zh_CN", qt_translations):
        raise FileNotFoundError(f"Qt's Chinese translation qtbase_zh_CN.qm not in {qt_translations}")
    return f"PySide6 {pyside_version}, platform {ctx.app.platformName()}, Qt translations found"


def check_window(ctx: Context) -> str:
    from PySide6.QtWidgets import QApplication

    from . import i18n, style
    from .main_window import MainWindow

    if ctx.app is None or ctx.workspace is None:
        raise Skipped("needs the Qt and database checks to pass")
    i18n.install(ctx.app, "zh")
    style.apply(ctx.app, 13)
    window = ctx.window = MainWindow(ctx.workspace)
    window.show()
    QApplication.processEvents()
    pixmap = window.grab()
    if pixmap.isNull() or pixmap.width() < 200:
        raise RuntimeError("the main window rendered nothing")
    lang = i18n.install(ctx.app, "en")  # the English .qm files load, if there are any yet
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    nodes = len(window.tree.nodes)
    i18n.install(ctx.app, "zh")
    return f"{pixmap.width()}x{pixmap.height()} px, tabs {tabs}, {nodes} tree nodes, language {lang} ok"


def check_reports_tab(ctx: Context) -> str:
    """The main window hides the reports tab on ImportError: a broken bundle would look fine."""
    spec = importlib.util.find_spec("ebranch_desktop.ui.reports")
    if spec is None or spec.origin in (None, "namespace"):
        raise Skipped("no reports view in this build")
    module = importlib.import_module("ebranch_desktop.ui.reports")
    if not hasattr(module, "ReportsView"):
        raise Skipped("ebranch_desktop.ui.reports has no ReportsView yet")
    if ctx.window is not None and ctx.window.reports is None:
        raise RuntimeError("ReportsView exists but the main window has no reports tab")
    return "reports tab present"


def check_printing(ctx: Context) -> str:
    if importlib.util.find_spec("ebranch_desktop.printing") is None:
        raise Skipped("ebranch_desktop.printing not in this build")
    if ctx.workspace is None or ctx.app is None:
        raise Skipped("needs the Qt and database checks to pass")
    from sqlalchemy import select

    from ..printing.documents import meeting_pdf
    from ..store.models import Meeting

    with ctx.workspace.read() as session:
        meeting_id = session.scalar(select(Meeting.id).order_by(Meeting.id).limit(1))
    if meeting_id is None:
        raise RuntimeError("the demo workspace has no meeting")
    target = ctx.tmp / "minutes.pdf"
    pages = meeting_pdf(ctx.workspace, meeting_id, "minutes", target)
    data = target.read_bytes() if target.exists() else b""
    if pages < 1 or not data.startswith(b"%PDF") or len(data) < 1000:
        raise RuntimeError(f"minutes PDF is empty ({pages} pages, {len(data)} bytes)")
    fonts = "font embedded" if b"/FontFile" in data else "NO font embedded"
    return f"minutes of a demo meeting: {pages} page(s), {len(data)} bytes, {fonts}"


def check_print_support(ctx: Context) -> str:
    from PySide6.QtPrintSupport import QPrinterInfo

    printers = QPrinterInfo.availablePrinterNames()
    return f"{len(printers)} printer(s) found" + (f", default {QPrinterInfo.defaultPrinterName()}" if printers else "")


CHECKS: list[tuple[str, Callable[[Context], str]]] = [
    ("version", check_version),
    ("bundle", check_bundle),
    ("modules", check_modules),
    ("resources", check_resources),
    ("database", check_database),
    ("qt", check_qt),
    ("main window", check_window),
    ("reports tab", check_reports_tab),
    ("minutes PDF", check_printing),
    ("print support", check_print_support),
]


def run_checks(tmp: Path) -> list[Result]:
    ctx = Context(tmp=tmp)
    results = []
    try:
        for name, check in CHECKS:
            start = time.perf_counter()
            try:
                status, detail = OK, check(ctx)
            except Skipped as exc:
                status, detail = SKIP, str(exc)
            except Exception as exc:  # noqa: BLE001 - a failed check is a result, not a crash
                # The traceback is for support: this output is what IT staff send us.
                status, detail = FAIL, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
            results.append(Result(name, status, detail, time.perf_counter() - start))
    finally:
        if ctx.window is not None:
            ctx.window.close()
            ctx.window.deleteLater()
        if ctx.workspace is not None:
            ctx.workspace.close()
    return results


def report(results: list[Result]) -> str:
    from .. import __version__

    lines = [f"e支部 自检 / ebranch-desktop self-test {__version__}"]
    lines += [f"[{r.status:^4}] {r.name}: {r.detail} ({r.seconds:.2f} s)" for r in results]
    failed = [r.name for r in results if r.status == FAIL]
    counts = ", ".join(f"{sum(r.status == s for r in results)} {s.lower()}" for s in (OK, SKIP, FAIL))
    if failed:
        lines.append(f"自检失败 / self-test FAILED: {', '.join(failed)} ({counts})")
    else:
        lines.append(f"自检通过 / self-test passed ({counts})")
    return "\n".join(lines)


def _show(text: str, failed: bool) -> None:
    """Print the report; a windowed Windows build has no stdout, so show a message box there."""
    if sys.stdout is not None:
        from ..cli.console import configure_console

        configure_console()  # `ebranch-desktop-debug --self-test > file` on a GBK Windows
        print(text, flush=True)
        return
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance()
    except ImportError:
        app = None
    if app is not None:
        box = QMessageBox.critical if failed else QMessageBox.information
        box(None, "e支部 自检 / self-test", text)
    elif sys.platform == "win32":  # Qt itself failed to start: Windows' own message box
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, text, "e支部 自检 / self-test", 0x10 if failed else 0x40)


def run() -> int:
    """Run every check in a temporary workspace; 0 when none failed, 1 otherwise."""
    use_offscreen_without_display()
    with tempfile.TemporaryDirectory(prefix="ebranch-self-test-", ignore_cleanup_errors=True) as tmp:
        results = run_checks(Path(tmp))
        failed = any(r.status == FAIL for r in results)
        _show(report(results), failed)
    return 1 if failed else 0
