import subprocess
import sys

CODE = """
import sys
sys.modules["PySide6"] = None  # any Qt import now fails
import ebranch_desktop.reports.absence, ebranch_desktop.reports.attendance_stats
import ebranch_desktop.reports.compliance, ebranch_desktop.reports.meeting_record
import ebranch_desktop.reports.periods, ebranch_desktop.reports.rules, ebranch_desktop.reports.scope
import ebranch_desktop.reports.text, ebranch_desktop.reports.votes, ebranch_desktop.reports.sql
import ebranch_desktop.export.run, ebranch_desktop.export.report_tables
import ebranch_desktop.export.records, ebranch_desktop.export.xlsx_writer
import ebranch_desktop.export.csv_writer, ebranch_desktop.cli.report_cmd
print("ok")
"""


def test_reports_export_and_cli_import_without_qt():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
