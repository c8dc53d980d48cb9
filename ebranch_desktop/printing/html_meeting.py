"""The 会议记录 (minutes) and 签到表 (sign-in sheet) of one meeting as printable HTML."""

from __future__ import annotations

from ..domain.vocab import MeetingStatus, MeetingType
from ..reports.meeting_record import EXCLUDED_LABEL, UNMARKED_LABEL, MeetingRecord, Person
from .html_parts import esc, field_table, lines, page, table
from .pages import PrintJob

PRESENT_LABELS = ("出席", "迟到")
SIGNIN_BLANK_OBSERVER_ROWS = 3


def _when(r: MeetingRecord) -> str:
    text = f"{r.start:%Y年%m月%d日 %H:%M}"
    if r.end:
        text += f" 至 {r.end:%H:%M}" if r.end.date() == r.start.date() else f" 至 {r.end:%Y年%m月%d日 %H:%M}"
    return text


def _names(people: list[Person], *, reasons: bool = False) -> str:
    if not people:
        return "无"
    if not reasons:
        return "、".join(esc(p.name) for p in people)
    return "、".join(f"{esc(p.name)}（{esc(p.reason or '未说明原因')}）" for p in people)


def _totals_text(r: MeetingRecord) -> str:
    if not r.counted:
        return esc("会议已取消，不计人数（已有的出席登记仅作保留，不计入任何统计）。")
    t = r.totals
    text = (f"应到 {t.expected} 人，实到 {t.present} 人（其中迟到 {t.late} 人），"
            f"请假 {t.leave} 人，缺席 {t.absent} 人")
    if t.unmarked:
        text += f"，未登记 {t.unmarked} 人"
    if t.excluded:
        text += f"；经批准不计应到 {t.excluded} 人"
    if r.quorum_met is not None:
        verdict = "符合规定人数，表决有效" if r.quorum_met else "未达到规定人数，不能进行表决"
        text += (f"。有表决权的党员应到 {t.voting_expected} 人、实到 {t.voting_present} 人，"
                 f"{verdict}")
    return esc(text + "。") + _roster_note(r)


def _roster_note(r: MeetingRecord) -> str:
    """Where the expected list comes from: kept when recorded as held, or refreshed since."""
    if not r.fixed:
        return ""
    if r.roster_refreshed and r.roster_taken_at is not None:
        who = f"由{r.roster_taken_by}" if r.roster_taken_by else ""
        text = f"应到名单已于 {r.roster_taken_at:%Y-%m-%d %H:%M} {who}按会议当日党员名册更新。"
    else:
        text = "应到名单按会议当日党员名册确定（登记为已召开时）。"
    return f"<br/><span class='note'>{esc(text)}</span>"


def minutes_html(r: MeetingRecord) -> str:
    """The minutes in the layout of domain.md (会议记录 fields)."""
    pairs = [
        ("会议类型", esc(r.type_label)), ("状态", esc(r.status_label)),
        ("时间", esc(_when(r))), ("地点", esc(r.place)),
        ("主持人", esc(r.host)), ("记录人", esc(r.recorder)),
    ]
    if r.group_name:
        pairs.append(("党小组", esc(r.group_name)))
    if r.type == MeetingType.PARTY_LECTURE or r.lecturer:
        pairs.append(("党课主讲人", esc(r.lecturer)))
    attendance = [
        ("出席人员", _names(r.with_status(*PRESENT_LABELS))),
        ("请假人员", _names(r.with_status("请假"), reasons=True)),
        ("缺席人员", _names(r.with_status("缺席"), reasons=True)),
    ] + ([("不计应到", _names(r.with_status(EXCLUDED_LABEL), reasons=True))]
         if r.with_status(EXCLUDED_LABEL) else []) + (
        [("未登记", _names(r.with_status(UNMARKED_LABEL)))] if r.with_status(UNMARKED_LABEL) else [])
    grid = field_table(
        pairs,
        [("会议主题", esc(r.topic)), ("人数", _totals_text(r))]
        + (attendance if r.counted else [])
        + [("列席人员", "、".join(f"{esc(n)}（{esc(role)}）" if role else esc(n)
                                for n, role in r.observers) or "无")],
    )
    parts = [grid]
    if r.status == MeetingStatus.CANCELLED:
        parts.append(f"<h2>取消原因</h2><p>{lines(r.cancel_reason) or '未说明'}</p>")
    if r.type == MeetingType.PARTY_LECTURE:
        parts.append(f"<h2>党课</h2><p>主讲人：{esc(r.lecturer) or '未填写'}；题目：{esc(r.topic)}</p>")
    agenda = "".join(f"<p>{i}. {esc(item)}</p>" for i, item in enumerate(r.agenda, 1))
    parts.append(f"<h2>议题</h2>{agenda or '<p>未填写</p>'}")
    parts.append(f"<h2>发言要点</h2><p>{lines(r.speech_notes) or '未填写'}</p>")
    parts.append(f"<h2>会议记录</h2><p>{lines(r.minutes) or '未填写'}</p>")
    parts.append("<h2>决议和表决情况</h2>" + _votes(r))
    parts.append(
        "<p>&nbsp;</p><p>主持人（签字）：________________　　　"
        "记录人（签字）：________________</p>"
    )
    title = f"{r.branch_name} {r.type_label}会议记录"
    return page(title, f"{r.start:%Y年%m月%d日}　{r.topic}", "".join(parts))


def _votes(r: MeetingRecord) -> str:
    if not r.votes:
        return "<p>本次会议无表决事项。</p>"
    verdicts = {True: "通过", False: "未通过", None: "—"}
    rows = [(v.text, v.votes_for, v.against, v.abstain, verdicts[v.passes]) for v in r.votes]
    classes = [("", "num", "num", "num", "good" if v.passes else ("bad" if v.passes is False else ""))
               for v in r.votes]
    note = ""
    if any(v.over_count for v in r.votes):
        note += (f"<p class='note'><b>请核对：票数合计多于到会有表决权的党员"
                 f"（{r.totals.voting_present} 人）。</b></p>")
    if r.quorum_met is not None:
        note += (f"<p class='note'>表决规则：赞成票超过应到会有表决权党员（{r.totals.voting_expected} 人）"
                "的半数，且到会人数符合规定，方为通过。预备党员没有表决权。</p>")
    return table(("决议事项", "赞成", "反对", "弃权", "结果"), rows, (52, 11, 11, 11, 15),
                 classes=classes) + note


def signin_html(r: MeetingRecord) -> str:
    """签到表: one row per expected attendee with a wide signature column, then 列席 rows."""
    rows, classes = [], []
    for n, p in enumerate(r.people, 1):
        remark = ""
        if p.status in ("请假", "缺席", EXCLUDED_LABEL):
            remark = f"{p.status}：{p.reason}" if p.reason else p.status
        rows.append((n, p.name, p.category, p.role, "", remark))
        classes.append(("center", "", "", "", "", ""))
    people = table(("序号", "姓名", "人员类别", "职务", "本人签名", "备注"), rows,
                   (10, 14, 13, 13, 30, 20), pad=11, classes=classes)
    observers = [(n, name, role, "") for n, (name, role) in enumerate(r.observers, 1)]
    start = len(observers)
    observers += [(start + i + 1, "", "", "") for i in range(SIGNIN_BLANK_OBSERVER_ROWS)]
    guest = table(("序号", "姓名", "单位/身份", "本人签名"), observers, (10, 20, 30, 40), pad=11)
    head = field_table(
        [("时间", esc(_when(r))), ("地点", esc(r.place)),
         ("主持人", esc(r.host)), ("会议类型", esc(r.type_label))],
        [("会议主题", esc(r.topic))],
    )
    t = r.totals
    if r.counted:
        counts = (f"<p>应到 {t.expected} 人，实到 ______ 人，请假 ______ 人，缺席 ______ 人。"
                  "（迟到者请在备注栏注明到会时间）</p>")
    else:
        counts = "<p>会议已取消，不计人数。</p>"
    body = f"{head}<h2>党员签到</h2>{people}{counts}<h2>列席人员签到</h2>{guest}"
    title = f"{r.branch_name} {r.type_label}签到表"
    return page(title, f"{r.start:%Y年%m月%d日}", body)


def meeting_job(r: MeetingRecord, kind: str) -> PrintJob:
    """The print job of a meeting's minutes ('minutes') or sign-in sheet ('signin')."""
    if kind == "minutes":
        html, name = minutes_html(r), "会议记录"
    elif kind == "signin":
        html, name = signin_html(r), "签到表"
    else:
        raise ValueError(kind)
    return PrintJob(
        html=html,
        header_left=f"{r.branch_name} · {r.type_label}{name}",
        header_right=f"{r.start:%Y-%m-%d %H:%M}",
        title=f"{r.branch_name}{r.type_label}{name} {r.start:%Y-%m-%d}",
    )
