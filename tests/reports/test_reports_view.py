from sqlalchemy import select

from ebranch_desktop.printing.pages import write_pdf
from ebranch_desktop.store.models import Organization
from ebranch_desktop.ui.reports.reports_view import ReportsView

WAIT = 30_000


def _ids(ws):
    with ws.read() as s:
        township = s.scalar(select(Organization.id).where(Organization.level == "township"))
        branches = list(s.scalars(select(Organization.id).where(Organization.level == "branch")
                                  .order_by(Organization.code)))
    return township, branches


def test_reports_view_computes_in_a_worker_and_shows_results(qtbot, demo_workspace, tmp_path):
    view = ReportsView(demo_workspace)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    township, branches = _ids(demo_workspace)
    view.show()
    with qtbot.waitSignal(view.compliance.computed, timeout=WAIT):
        view.set_scope(branches, township)
    page = view.compliance
    assert page.model.rowCount() == 3
    assert page.model.cell_at(0, 0).text == "红旗村党支部"
    symbols = {page.model.cell_at(r, c).text[0] for r in range(3) for c in range(1, 8)}
    assert symbols <= {"√", "×", "○", "—"} and len(symbols) > 1
    assert page.print_button.isEnabled()
    assert write_pdf(page.print_job(), tmp_path / "c.pdf") >= 1

    with qtbot.waitSignal(view.attendance.computed, timeout=WAIT):
        view.tabs.setCurrentWidget(view.attendance)
    att = view.attendance
    held, rates = att.chart.series_values()
    expected = att.result.months
    assert held == [float(p.meetings_held) for p in expected]
    assert rates == [round(p.counts.rate * 100, 1) for p in expected if p.counts.rate is not None]
    assert sum(held) > 0 and all(0 <= r <= 100 for r in rates)
    assert att.branch_model.rowCount() == 3 and att.member_model.rowCount() > 60

    with qtbot.waitSignal(view.absence.computed, timeout=WAIT):
        view.tabs.setCurrentWidget(view.absence)
    assert view.absence.model.rowCount() >= 3  # the demo's drifting member in each branch

    with qtbot.waitSignal(view.compliance.computed, timeout=WAIT):
        view.tabs.setCurrentWidget(view.compliance)
        view.set_scope([branches[1]], branches[1])
    assert view.compliance.model.rowCount() == 1
    assert view.compliance.scope_name == "永丰村党支部"


def test_period_change_recomputes(qtbot, demo_workspace):
    view = ReportsView(demo_workspace)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.compliance.computed, timeout=WAIT):
        view.set_scope(None, None)
    with qtbot.waitSignal(view.compliance.computed, timeout=WAIT):
        view.compliance.picker.set_period("2025")
    assert view.compliance.result.period.label == "2025"


def test_export_page_runs_and_cancels(qtbot, demo_workspace, tmp_path):
    view = ReportsView(demo_workspace)
    qtbot.addWidget(view)
    page = view.export
    page.all_dates.setChecked(True)
    with qtbot.waitSignal(page.finished, timeout=WAIT) as blocker:
        page.start_export("attendance", tmp_path / "att.xlsx")
    assert blocker.args == ["done"] and page.last_rows > 1000
    assert (tmp_path / "att.xlsx").exists()

    with qtbot.waitSignal(page.finished, timeout=WAIT) as blocker:
        page.start_export("attendance", tmp_path / "cancelled.xlsx")
        page.cancel()
    assert blocker.args == ["cancelled"]
    assert not (tmp_path / "cancelled.xlsx").exists()
    assert "取消" in page.message.text()
