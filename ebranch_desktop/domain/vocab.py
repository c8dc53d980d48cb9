"""Controlled vocabularies: the keys stored in the database and on the wire, with their labels.

Keys are English and stable; labels are Chinese (the product language) with English beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """Levels of the organization tree, from the top."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    BRANCH = "branch"


LEVEL_ORDER = list(Level)


class MeetingType(StrEnum):
    """Kinds of organizational life (domain.md)."""

    BRANCH_GENERAL = "branch_general"
    BRANCH_COMMITTEE = "branch_committee"
    GROUP_MEETING = "group_meeting"
    PARTY_LECTURE = "party_lecture"
    THEME_DAY = "theme_day"
    ORG_LIFE = "org_life"
    APPRAISAL = "appraisal"
    TALK = "talk"
    ELECTION = "election"


class MeetingStatus(StrEnum):
    """planned → held, or cancelled with a reason."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class AttendanceStatus(StrEnum):
    """One member's attendance at one meeting."""

    PRESENT = "present"
    LATE = "late"  # counts as present
    LEAVE = "leave"  # reason required
    ABSENT = "absent"


class MemberCategory(StrEnum):
    """正式党员 have voting rights; 预备党员 do not."""

    FORMAL = "formal"
    PROBATIONARY = "probationary"


class MembershipStatus(StrEnum):
    """党籍状态."""

    NORMAL = "normal"
    SUSPENDED = "suspended"


class Gender(StrEnum):
    """性别."""

    MALE = "male"
    FEMALE = "female"


class OrgLifeForm(StrEnum):
    """组织生活会 is held in the form of one of these meetings."""

    GENERAL = "branch_general"
    COMMITTEE = "branch_committee"
    GROUP = "group_meeting"


@dataclass(frozen=True)
class Label:
    """A user-facing name in both languages."""

    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh


LEVEL_LABELS = {
    Level.PROVINCE: Label("省", "Province"),
    Level.CITY: Label("市", "City"),
    Level.COUNTY: Label("县（区）", "County"),
    Level.TOWNSHIP: Label("乡镇（街道）", "Township"),
    Level.BRANCH: Label("党支部", "Branch"),
}

MEETING_TYPE_LABELS = {
    MeetingType.BRANCH_GENERAL: Label("支部党员大会", "Branch general meeting"),
    MeetingType.BRANCH_COMMITTEE: Label("支部委员会会议", "Branch committee meeting"),
    MeetingType.GROUP_MEETING: Label("党小组会", "Party group meeting"),
    MeetingType.PARTY_LECTURE: Label("党课", "Party lecture"),
    MeetingType.THEME_DAY: Label("主题党日", "Theme party day"),
    MeetingType.ORG_LIFE: Label("组织生活会", "Organizational life meeting"),
    MeetingType.APPRAISAL: Label("民主评议党员", "Democratic appraisal of members"),
    MeetingType.TALK: Label("谈心谈话", "Heart-to-heart talk"),
    MeetingType.ELECTION: Label("换届选举", "Branch election"),
}

MEETING_STATUS_LABELS = {
    MeetingStatus.PLANNED: Label("计划", "Planned"),
    MeetingStatus.HELD: Label("已召开", "Held"),
    MeetingStatus.CANCELLED: Label("已取消", "Cancelled"),
}

ATTENDANCE_LABELS = {
    AttendanceStatus.PRESENT: Label("出席", "Present"),
    AttendanceStatus.LATE: Label("迟到", "Late"),
    AttendanceStatus.LEAVE: Label("请假", "Leave"),
    AttendanceStatus.ABSENT: Label("缺席", "Absent"),
}

CATEGORY_LABELS = {
    MemberCategory.FORMAL: Label("正式党员", "Full member"),
    MemberCategory.PROBATIONARY: Label("预备党员", "Probationary member"),
}

MEMBERSHIP_STATUS_LABELS = {
    MembershipStatus.NORMAL: Label("正常", "Normal"),
    MembershipStatus.SUSPENDED: Label("停止党籍", "Membership suspended"),
}

GENDER_LABELS = {Gender.MALE: Label("男", "Male"), Gender.FEMALE: Label("女", "Female")}

COMMITTEE_ROLES = (
    Label("书记", "Secretary"),
    Label("副书记", "Deputy secretary"),
    Label("组织委员", "Organization member"),
    Label("宣传委员", "Publicity member"),
    Label("纪检委员", "Discipline member"),
    Label("委员", "Committee member"),
)

# 学历 is stored in Chinese, as the national form writes it; the labels translate it for display.
EDUCATION_LABELS = (
    Label("研究生", "Postgraduate"),
    Label("大学本科", "Bachelor's degree"),
    Label("大学专科", "Junior college"),
    Label("中等专科", "Secondary technical school"),
    Label("高中", "Senior high school"),
    Label("初中", "Junior high school"),
    Label("小学及以下", "Primary school or less"),
)
EDUCATION_LEVELS = tuple(label.zh for label in EDUCATION_LABELS)

# The 56 民族 in the order and romanization of GB/T 3304-1991; stored in Chinese.
ETHNICITY_LABELS = tuple(Label(zh, en) for zh, en in (
    ("汉族", "Han"), ("蒙古族", "Mongol"), ("回族", "Hui"), ("藏族", "Tibetan"), ("维吾尔族", "Uygur"),
    ("苗族", "Miao"), ("彝族", "Yi"), ("壮族", "Zhuang"), ("布依族", "Bouyei"), ("朝鲜族", "Korean"),
    ("满族", "Manchu"), ("侗族", "Dong"), ("瑶族", "Yao"), ("白族", "Bai"), ("土家族", "Tujia"),
    ("哈尼族", "Hani"), ("哈萨克族", "Kazak"), ("傣族", "Dai"), ("黎族", "Li"), ("傈僳族", "Lisu"),
    ("佤族", "Va"), ("畲族", "She"), ("高山族", "Gaoshan"), ("拉祜族", "Lahu"), ("水族", "Sui"),
    ("东乡族", "Dongxiang"), ("纳西族", "Naxi"), ("景颇族", "Jingpo"), ("柯尔克孜族", "Kirgiz"),
    ("土族", "Tu"), ("达斡尔族", "Daur"), ("仫佬族", "Mulao"), ("羌族", "Qiang"), ("布朗族", "Blang"),
    ("撒拉族", "Salar"), ("毛南族", "Maonan"), ("仡佬族", "Gelao"), ("锡伯族", "Xibe"),
    ("阿昌族", "Achang"), ("普米族", "Pumi"), ("塔吉克族", "Tajik"), ("怒族", "Nu"),
    ("乌孜别克族", "Uzbek"), ("俄罗斯族", "Russian"), ("鄂温克族", "Ewenki"), ("德昂族", "Deang"),
    ("保安族", "Bonan"), ("裕固族", "Yugur"), ("京族", "Gin"), ("塔塔尔族", "Tatar"),
    ("独龙族", "Derung"), ("鄂伦春族", "Oroqen"), ("赫哲族", "Hezhen"), ("门巴族", "Monba"),
    ("珞巴族", "Lhoba"), ("基诺族", "Jino"),
))

APPRAISAL_GRADES = {
    "excellent": Label("优秀", "Excellent"),
    "qualified": Label("合格", "Qualified"),
    "basically_qualified": Label("基本合格", "Basically qualified"),
    "unqualified": Label("不合格", "Unqualified"),
}


def sheet_order(committee_role: str, name: str) -> tuple[int, str]:
    """The order of a sign-in sheet, on screen and on paper: 书记, 副书记, the other committee
    roles, then everyone else by name."""
    ranks = _ROLE_RANKS
    return (ranks.get(committee_role, len(ranks) if committee_role else len(ranks) + 1), name)


def parse_choice(enum_cls: type[StrEnum], value: str, labels: dict | None = None) -> StrEnum:
    """Accept a key ('formal') or a Chinese/English label ('正式党员') for a vocabulary value."""
    text = (value or "").strip()
    for member in enum_cls:
        if text.lower() == member.value:
            return member
    for member, label in (labels or {}).items():
        if text in (label.zh, label.en) or text.lower() == label.en.lower():
            return member
    raise KeyError(text)


# What each stored field is called on forms (conflict dialogs show fields by these names).
FIELD_LABELS: dict[str, Label] = {
    "code": Label("组织代码", "Code"),
    "name": Label("名称 / 姓名", "Name"),
    "level": Label("层级", "Level"),
    "parent_id": Label("上级组织", "Parent"),
    "branch_id": Label("党支部", "Branch"),
    "group_id": Label("党小组", "Party group"),
    "gender": Label("性别", "Sex"),
    "ethnicity": Label("民族", "Ethnicity"),
    "id_number": Label("公民身份号码", "ID number"),
    "birth_date": Label("出生日期", "Birth date"),
    "education": Label("学历", "Education"),
    "category": Label("人员类别", "Category"),
    "join_date": Label("加入党组织日期", "Joined"),
    "full_member_date": Label("转为正式党员日期", "Full member from"),
    "job": Label("工作岗位", "Occupation"),
    "phone": Label("联系电话", "Phone"),
    "address": Label("家庭住址", "Address"),
    "membership_status": Label("党籍状态", "Membership status"),
    "lost_contact": Label("失联党员", "Lost contact"),
    "lost_contact_date": Label("失联日期", "Lost contact on"),
    "mobile": Label("流动党员", "Mobile member"),
    "mobile_destination": Label("外出流向", "Destination"),
    "committee_role": Label("支委职务", "Committee role"),
    "group_leader": Label("党小组组长", "Group leader"),
    "type": Label("会议类型", "Meeting type"),
    "status": Label("状态 / 出席情况", "Status"),
    "topic": Label("会议主题", "Topic"),
    "start": Label("开始时间", "Start"),
    "end": Label("结束时间", "End"),
    "place": Label("地点", "Place"),
    "host": Label("主持人", "Host"),
    "recorder": Label("记录人", "Recorder"),
    "lecturer": Label("党课主讲人", "Lecturer"),
    "org_life_form": Label("组织生活会形式", "Held as"),
    "agenda": Label("议题", "Agenda"),
    "speech_notes": Label("发言要点", "Speech notes"),
    "minutes": Label("会议记录", "Minutes"),
    "resolutions": Label("决议及表决", "Resolutions"),
    "observers": Label("列席人员", "Observers"),
    "cancel_reason": Label("取消原因", "Reason for cancelling"),
    "meeting_id": Label("会议", "Meeting"),
    "member_id": Label("党员", "Member"),
    "reason": Label("原因", "Reason"),
    "excluded": Label("不计入应到", "Excluded from expected"),
    "exclusion_reason": Label("不计入应到的原因", "Reason for exclusion"),
    "grade": Label("评议等次", "Appraisal grade"),
    "deleted": Label("删除", "Deleted"),
    "start_date": Label("开始日期", "From"),
    "start_reason": Label("开始方式", "Began by"),
    "start_from": Label("从何处转入", "Transferred in from"),
    "end_date": Label("结束日期", "Until"),
    "end_reason": Label("结束原因", "Ended by"),
    "end_to": Label("转往何处", "Transferred out to"),
    "roster": Label("应到名单", "Expected list"),
    "roster_taken_at": Label("应到名单确定时间", "Expected list taken at"),
    "roster_taken_by": Label("应到名单确定人", "Expected list taken by"),
    "roster_refreshed": Label("应到名单已更新", "Expected list refreshed"),
}

_ROLE_RANKS = {label.zh: n for n, label in enumerate(COMMITTEE_ROLES)}
