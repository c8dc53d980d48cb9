"""Fill an empty workspace with the demo township, so a newcomer sees a believable window."""

from __future__ import annotations

from sqlalchemy import func, select

from ..demo_data import Plan, generate
from ..domain.errors import ValidationError
from ..store.bulk import insert_records
from ..store.models import Organization
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
