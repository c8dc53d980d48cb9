"""Deterministic demo and benchmark data: a township with village branches and their history.

The same generator feeds the client's demo workspace, the server's demo province and the
benchmarks, so all three describe the same records (ids are derived from stable keys).
Records are (table, id, fields) with fields as wire JSON values.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .domain.idnumber import check_character
from .domain.ids import attendance_id
from .domain.membership import EndReason, initial_periods

DEMO_NAMESPACE = uuid.UUID("0c7f5a52-3f8e-4d1b-8a7e-6d2b9c4e1f30")

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢"
    "蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
)
GIVEN_MALE = "国庆建军志强永刚德明振华海峰立新春生宝山长林玉成文亮金凤树林铁柱宏伟晓东俊杰"
GIVEN_FEMALE = "秀英桂兰玉梅淑芬丽华春燕凤霞翠萍晓红海燕雪梅美玲丽娟秀珍红霞桂芝"
VILLAGES = ["红旗村", "永丰村", "新立村", "东兴村", "太平村", "胜利村", "前进村", "光明村",
            "长安村", "富民村", "和平村", "民主村", "友好村", "复兴村", "团结村", "新华村",
            "丰收村", "向阳村", "建设村", "幸福村"]
JOBS = ["农民", "农民", "农民", "个体工商户", "村委会主任", "村医", "乡村教师", "合作社理事长",
        "外出务工", "退休", "养殖户", "大学生村官"]
EDUCATION = ["初中", "初中", "高中", "小学及以下", "中等专科", "大学专科", "大学本科"]
LEAVE_REASONS = ["外出务工", "生病住院", "照顾生病家属", "在外地参加培训", "农忙抢收", "年老体弱行动不便"]
ABSENT_REASONS = ["联系不上", "无故未到", ""]
TOPICS = {
    "branch_general": ["学习贯彻党的二十届四中全会精神", "讨论发展预备党员", "审议村级重大事项（四议两公开）",
                       "讨论预备党员转正", "通报半年党建工作", "研究集体经济发展项目"],
    "branch_committee": ["研究本月党建工作安排", "研究党员发展计划", "研究春耕生产服务", "研究防汛准备工作",
                         "研究低保评议初审", "研究主题党日活动方案", "研究人居环境整治"],
    "group_meeting": ["学习《中国共产党章程》", "学习《中国共产党纪律处分条例》", "交流学习体会", "讨论为民办实事"],
    "party_lecture": ["从党的百年奋斗史中汲取力量", "做合格共产党员", "乡村振兴与党员责任", "严守政治纪律和政治规矩"],
    "theme_day": ["重温入党誓词", "清理村屯环境卫生", "走访慰问困难群众", "学习身边先进典型",
                  "志愿服务进网格", "观看警示教育片", "秸秆禁烧宣传", "义务植树"],
    "org_life": ["年度组织生活会暨民主评议党员"],
    "appraisal": ["民主评议党员"],
    "talk": ["谈心谈话"],
    "election": ["支部委员会换届选举"],
}
DESTINATIONS = ["辽宁省大连市", "北京市", "山东省青岛市", "吉林省长春市"]
PLACES = ["村党员活动室", "村委会会议室", "村文化广场", "党群服务中心"]


@dataclass
class Plan:
    """How much history to make."""

    branches: int = 3
    members_per_branch: tuple[int, int] = (24, 32)
    months: int = 24
    groups_per_branch: int = 3
    anchor: dt.date = field(default_factory=lambda: dt.date.today().replace(day=1))
    planned_ahead: bool = True  # a few planned meetings next month
    seed: int = 20241001
    township_code: str = "220122105"
    township_name: str = "青山镇"
    group_meeting_every: int = 1  # months between a group's meetings
    # Benchmarks: every member is on every sheet, for the data volume of a large township.
    whole_branch_attendance: bool = False

    @classmethod
    def large_township(cls) -> Plan:
        """The benchmark data set: 20 branches × 40 members × 10 years."""
        return cls(branches=20, members_per_branch=(40, 40), months=120, groups_per_branch=1,
                   group_meeting_every=2, whole_branch_attendance=True)


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, "/".join(str(p) for p in parts)))


def make_id_number(rng: random.Random, area: str, birth: dt.date, male: bool) -> str:
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


def _month_starts(anchor: dt.date, months: int) -> list[dt.date]:
    out, y, m = [], anchor.year, anchor.month
    for _ in range(months):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        out.append(dt.date(y, m, 1))
    return sorted(out)


def generate(plan: Plan | None = None) -> Iterator[tuple[str, str, dict]]:
    """Yield every record of the demo province, parents before children."""
    plan = plan or Plan()
    rng = random.Random(plan.seed)
    chain = [
        ("22", "吉林省", "province"), ("2201", "长春市", "city"), ("220122", "农安县", "county"),
        (plan.township_code, plan.township_name, "township"),
    ]
    parent = None
    for code, name, level in chain:
        oid = stable_id("org", code)
        yield "organizations", oid, {"code": code, "name": name, "level": level, "parent_id": parent}
        parent = oid
    township_id = parent
    for b in range(plan.branches):
        yield from _branch(rng, plan, b, township_id)


def _branch(rng: random.Random, plan: Plan, index: int, township_id: str) -> Iterator[tuple[str, str, dict]]:
    code = f"{plan.township_code}{index + 1:03d}"
    village = VILLAGES[index % len(VILLAGES)] + ("" if index < len(VILLAGES) else str(index // len(VILLAGES) + 1))
    branch_id = stable_id("org", code)
    yield "organizations", branch_id, {
        "code": code, "name": f"{village}党支部", "level": "branch", "parent_id": township_id,
    }
    groups = []
    for g in range(plan.groups_per_branch):
        gid = stable_id("group", code, g)
        groups.append(gid)
        yield "party_groups", gid, {"branch_id": branch_id, "name": f"第{'一二三四五六'[g]}党小组"}

    members = list(_members(rng, plan, code, branch_id, village, groups))
    for mid, fields in members:
        yield "members", mid, fields
    stays = _stories(plan, index, members)
    for mid, _fields in members:
        if mid in stays:
            for period in stays[mid]:
                yield "memberships", period.id, _wire(period.fields())
    yield from _meetings(rng, plan, code, branch_id, village, groups, members, stays)


ARRIVED_FROM = "长春市朝阳区红旗街道湖西社区党委第二党支部"


def _stories(plan: Plan, index: int, members: list) -> dict[str, list]:
    """Two members per branch whose dated history matters: one came by transfer eight months
    ago, one died a hundred days ago (the dated roster and the fixed meeting lists show them)."""
    if len(members) < 10:
        return {}
    out = {}
    arrived_id, arrived = members[-3]
    out[arrived_id] = initial_periods(arrived_id, arrived, since=plan.anchor - dt.timedelta(days=240),
                                      since_from=ARRIVED_FROM)
    death = plan.anchor - dt.timedelta(days=100 + index)
    for died_id, died in reversed(members[:-3]):  # one whose stay began before that day
        periods = initial_periods(died_id, died)
        start = periods[-1].start_date if periods else None
        if start is not None and start < death:
            periods[-1] = replace(periods[-1], end_date=death, end_reason=EndReason.DIED.value)
            out[died_id] = periods
            break
    return out


def _wire(fields: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()}


def _belongs(stays: dict, member_id: str, day: dt.date) -> bool:
    periods = stays.get(member_id)
    return periods is None or any(p.covers(day) for p in periods)


def _members(rng, plan, code, branch_id, village, groups):  # noqa: ANN001, ANN202
    count = rng.randint(*plan.members_per_branch)
    used_names: set[str] = set()
    roles = ["书记", "副书记", "组织委员", "宣传委员", "纪检委员"]
    for i in range(count):
        male = rng.random() < 0.72
        while True:
            given = GIVEN_MALE if male else GIVEN_FEMALE
            start = rng.randrange(0, len(given) // 2) * 2
            name = rng.choice(SURNAMES) + (given[start:start + 2] if rng.random() < 0.7 else given[start])
            if name not in used_names:
                used_names.add(name)
                break
        birth = dt.date(rng.randint(1948, 2000), rng.randint(1, 12), rng.randint(1, 28))
        join = birth + dt.timedelta(days=rng.randint(20 * 365, 40 * 365))
        probationary = i >= count - 2  # the two newest joined within the last year
        if probationary:
            join = plan.anchor - dt.timedelta(days=rng.randint(60, 330))
        join = min(join, plan.anchor - dt.timedelta(days=400)) if not probationary else join
        full = None if probationary else join + dt.timedelta(days=365)
        mobile = (not probationary) and rng.random() < 0.12
        phone = f"1{rng.choice('358')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
        mid = stable_id("member", code, i)
        yield mid, {
            "branch_id": branch_id,
            "group_id": groups[i % len(groups)] if groups else None,
            "name": name,
            "gender": "male" if male else "female",
            "ethnicity": "汉族" if rng.random() < 0.9 else rng.choice(["满族", "朝鲜族", "蒙古族", "回族"]),
            "id_number": make_id_number(rng, "220122", birth, male),
            "birth_date": birth.isoformat(),
            "education": rng.choice(EDUCATION),
            "category": "probationary" if probationary else "formal",
            "join_date": join.isoformat(),
            "full_member_date": full.isoformat() if full else None,
            "job": "外出务工" if mobile else rng.choice(JOBS),
            "phone": phone,
            "address": f"吉林省农安县{plan.township_name}{village}{rng.randint(1, 9)}组{rng.randint(1, 99)}号",
            "membership_status": "normal",
            "lost_contact": False,
            "lost_contact_date": None,
            "mobile": mobile,
            "mobile_destination": rng.choice(DESTINATIONS) if mobile else "",
            "committee_role": roles[i] if i < len(roles) else "",
            "group_leader": i >= len(roles) and i < len(roles) + len(groups),
        }


def _meetings(rng, plan, code, branch_id, village, groups, members, stays):  # noqa: ANN001, ANN202, C901
    # Two members have drifted away (absence watch): no attendance for about 5 and 3 months.
    drifting = {members[i][0]: days for i, days in ((7, 125), (11, 70)) if len(members) > i}
    weak = int(code[-3:]) % 3 == 2  # one branch in three misses some required meetings
    today = dt.datetime.combine(plan.anchor, dt.time())
    months = _month_starts(plan.anchor, plan.months)
    secretary = members[0][1]["name"]
    for month in months:
        schedule: list[tuple[str, int, str | None]] = [("theme_day", 5, None), ("branch_committee", 2, None)]
        if month.month % plan.group_meeting_every == 0:
            schedule += [("group_meeting", 10 + g, gid) for g, gid in enumerate(groups)]
        if month.month in (3, 6, 9, 12):
            schedule += [("branch_general", 20, None), ("party_lecture", 22, None)]
        if month.month == 12:
            schedule.append(("org_life", 26, None))
        if month.month == 1:
            schedule.append(("appraisal", 15, None))
        if month.month in (4, 10):
            schedule.append(("talk", 18, None))
        for kind, day, group_id in schedule:
            if weak and kind in ("group_meeting", "party_lecture") and month.month % 3 == 0:
                continue  # the weak branch's gaps
            start = dt.datetime(month.year, month.month, day, rng.choice([8, 9, 14]), rng.choice([0, 30]))
            key = (code, kind, month.isoformat(), group_id or "")
            mid = stable_id("meeting", *key)
            cancelled = rng.random() < 0.01
            yield from _one_meeting(rng, plan, mid, branch_id, kind, start, group_id, groups, members,
                                    secretary, drifting, today, cancelled, stays)
    if plan.planned_ahead:
        nxt = (plan.anchor + dt.timedelta(days=32)).replace(day=1)
        for kind, day in (("theme_day", 5), ("branch_committee", 2)):
            start = dt.datetime(nxt.year, nxt.month, day, 9, 0)
            mid = stable_id("meeting", code, kind, nxt.isoformat(), "")
            yield "meetings", mid, _meeting_fields(rng, branch_id, kind, start, None, secretary, "planned")


def _meeting_fields(rng, branch_id, kind, start, group_id, secretary, status, reason=""):  # noqa: ANN001, ANN202
    topic = rng.choice(TOPICS[kind])
    fields = {
        "branch_id": branch_id, "type": kind, "status": status, "topic": topic,
        "start": start.isoformat(timespec="seconds"),
        "end": (start + dt.timedelta(minutes=rng.choice([60, 90, 120]))).isoformat(timespec="seconds"),
        "place": rng.choice(PLACES), "host": secretary, "recorder": "", "lecturer": "",
        "group_id": group_id, "org_life_form": "branch_general" if kind == "org_life" else "",
        "agenda": [], "speech_notes": "", "minutes": "", "resolutions": [], "observers": [],
        "cancel_reason": reason,
    }
    if kind == "party_lecture":
        fields["lecturer"] = secretary
    return fields


def _one_meeting(rng, plan, mid, branch_id, kind, start, group_id, groups, members, secretary,  # noqa: ANN001, ANN202, PLR0913
                 drifting, today, cancelled, stays):
    if cancelled:
        yield "meetings", mid, _meeting_fields(rng, branch_id, kind, start, group_id, secretary, "cancelled",
                                               rng.choice(["暴雪封路", "防汛值守", "全村参加疫苗接种"]))
        return
    fields = _meeting_fields(rng, branch_id, kind, start, group_id, secretary, "held")
    fields["recorder"] = members[2][1]["name"] if len(members) > 2 else secretary
    fields["agenda"] = [fields["topic"], "其他事项"]
    fields["speech_notes"] = f"{secretary}：传达上级精神，部署近期工作。\n党员代表：结合本村实际谈体会，提出建议。"
    fields["minutes"] = (
        f"会议由{secretary}主持。会议围绕“{fields['topic']}”进行了学习和讨论。"
        "与会党员结合本村实际踊跃发言，一致表示要把学习成果转化为推动乡村振兴的实际行动。"
    )
    expected = []
    for mid_, m in members:
        joined = dt.date.fromisoformat(m["join_date"])
        if not _belongs(stays, mid_, start.date()):
            continue
        if plan.whole_branch_attendance:
            expected.append((mid_, m))
            continue
        if joined > start.date():
            continue
        if kind == "branch_committee" and not m["committee_role"]:
            continue
        elif kind == "group_meeting" and m["group_id"] != group_id:
            continue
        expected.append((mid_, m))
    if kind == "talk":
        expected = rng.sample(expected, min(2, len(expected)))
    if rng.random() < 0.15:
        fields["observers"] = [{"name": rng.choice(SURNAMES) + "书记", "role": "镇党委包村干部"}]
    marks = []
    host = members[0][0]
    for member_id, m in expected:
        roll = rng.random()
        if member_id == host:
            status, reason = "present", ""  # the secretary hosts the meeting
        elif member_id in drifting and (today - start).days < drifting[member_id]:
            status, reason = ("absent", "联系不上") if roll < 0.5 else ("leave", "外出务工")
        elif m["mobile"]:
            status, reason = ("leave", "外出务工") if roll < 0.7 else ("present", "")
        elif roll < 0.82:
            status, reason = "present", ""
        elif roll < 0.88:
            status, reason = "late", ""
        elif roll < 0.96:
            status, reason = "leave", rng.choice(LEAVE_REASONS)
        else:
            status, reason = "absent", rng.choice(ABSENT_REASONS)
        marks.append((member_id, m, status, reason))
    if kind in ("branch_general", "appraisal", "org_life"):
        # Every formal member present votes: mostly yes, one abstention where there are many.
        voting = sum(1 for _, m, st, _r in marks
                     if _formal_on(m, start.date()) and st in ("present", "late"))
        abstain = 1 if voting > 10 else 0
        fields["resolutions"] = [{"text": f"同意{fields['topic']}相关事项", "for": voting - abstain,
                                  "against": 0, "abstain": abstain}]
    # The expected list kept with the held meeting: whoever was on the sheet that day.
    fields["roster"] = sorted(
        ({"member_id": member_id, "name": m["name"],
          "category": "formal" if _formal_on(m, start.date()) else "probationary",
          "role": m["committee_role"]} for member_id, m, _s, _r in marks),
        key=lambda e: (not e["role"], e["name"]),
    )
    yield "meetings", mid, fields
    for member_id, m, status, reason in marks:
        yield "attendance", attendance_id(mid, member_id), {
            "meeting_id": mid, "member_id": member_id, "status": status, "reason": reason,
            "excluded": False, "exclusion_reason": "",
            "grade": _grade(rng, m) if kind == "appraisal" and status in ("present", "late") else "",
        }


def _formal_on(member: dict, day: dt.date) -> bool:
    """Voting rights on the meeting day: a full member, and already one then."""
    full = member["full_member_date"]
    return member["category"] == "formal" and (full is None or dt.date.fromisoformat(full) <= day)


def _grade(rng, member) -> str:  # noqa: ANN001
    if member["category"] != "formal":
        return ""
    return "excellent" if rng.random() < 0.25 else "qualified"
