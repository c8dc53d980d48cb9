"""The offline demo: a new encrypted workspace with a local user, filled with the demo township.

Here rather than in `services/`: it needs both the services (the demo records) and the
account layer (`sync/account`, the local user and the workspace key), and neither of those
layers may import the other.
"""

from __future__ import annotations

from sqlalchemy import select

from .demo_data import Plan
from .services.demo import LOCAL_DEMO_PASSWORD, LOCAL_DEMO_USER, create_demo
from .store.models import LocalUser, Organization
from .store.workspace import Workspace
from .sync.account import Accounts


def create_local_demo(ws: Workspace, plan: Plan | None = None) -> tuple[str, int]:
    """A new encrypted workspace for the local user `demo`, filled with the demo township.

    Returns the recovery code and the number of records.
    """
    accounts = Accounts(ws)
    code = accounts.create_local(LOCAL_DEMO_USER, LOCAL_DEMO_PASSWORD, display_name="演示用户")
    count = create_demo(ws, plan)
    with ws.write() as s:  # the demo user works for the township, like its officer would
        township = s.scalar(select(Organization).where(Organization.level == "township"))
        user = s.get(LocalUser, LOCAL_DEMO_USER)
        if township is not None and user is not None:
            user.role, user.org_id = "township", township.id
    return code, count
