"""Fill an empty workspace with the demo township, so a newcomer sees a believable window."""

from __future__ import annotations

from sqlalchemy import func, select

from ..demo_data import Plan, generate
from ..domain.errors import ValidationError
from ..store.bulk import insert_records
from ..store.models import LocalUser, Organization
from ..store.workspace import Workspace

DEMO_ACTOR = "演示数据"
# The offline demo's local user (no server): the workspace is encrypted like any other.
LOCAL_DEMO_USER = "demo"
LOCAL_DEMO_PASSWORD = "demo1234"


def is_empty(ws: Workspace) -> bool:
    with ws.read() as s:
        return (s.scalar(select(func.count(Organization.id))) or 0) == 0


def create_demo(ws: Workspace, plan: Plan | None = None) -> int:
    """Load the demo records (created locally: they wait to sync like any local record).

    Refuses (ValidationError) a workspace that holds data, checked inside the writing
    transaction: two copies started at once must not both load the demo.
    """
    with ws.engine.connect().execution_options(ebranch_write=True) as conn, conn.begin():
        if conn.scalar(select(func.count(Organization.id))):
            raise ValidationError(f"{ws.data_dir} 中的工作区已有数据，没有做任何更改",
                                  f"The workspace in {ws.data_dir} already holds data; nothing was changed")
        count = insert_records(conn, generate(plan), actor=DEMO_ACTOR)
    ws.set_setting("demo", "1")
    return count


def create_local_demo(ws: Workspace, plan: Plan | None = None) -> tuple[str, int]:
    """A new encrypted workspace for the local user `demo`, filled with the demo township.

    Returns the recovery code and the number of records.
    """
    from ..store.models import Organization
    from ..sync.account import Accounts

    accounts = Accounts(ws)
    code = accounts.create_local(LOCAL_DEMO_USER, LOCAL_DEMO_PASSWORD, display_name="演示用户")
    count = create_demo(ws, plan)
    with ws.write() as s:  # the demo user works for the township, like its officer would
        township = s.scalar(select(Organization).where(Organization.level == "township"))
        user = s.get(LocalUser, LOCAL_DEMO_USER)
        if township is not None and user is not None:
            user.role, user.org_id = "township", township.id
    return code, count
