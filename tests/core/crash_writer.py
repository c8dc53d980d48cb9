"""Child process for test_crash_safety: writes meetings with attendance until it is killed.

Prints each meeting id only after its transaction committed.
"""

import datetime as dt
import sys

from ebranch_desktop.services import attendance, meetings, orgs
from ebranch_desktop.store.workspace import open_workspace

ws = open_workspace(sys.argv[1])
with ws.read() as s:
    branch = orgs.branches(s)[0].id
n = 0
while True:
    n += 1
    with ws.write() as s:
        m = meetings.create_meeting(s, {"branch_id": branch, "type": "theme_day", "topic": f"崩溃测试{n}",
                                        "start": dt.datetime(2026, 1, 1, 9, 0) + dt.timedelta(hours=n)})
        for line in attendance.sheet(s, m.id).lines:
            attendance.set_attendance(s, m.id, line.member_id, "present")
        mid = m.id
    print(mid, flush=True)
