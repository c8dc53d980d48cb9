import json

import pytest

from ebranch_desktop.reports.rules import RulesError, default_rules_path, load_rules


def test_bundled_rules_follow_domain_md():
    rules = load_rules()
    by_type = {r.type: (r.every, r.count, r.per) for r in rules.meetings}
    assert by_type["branch_general"] == ("quarter", 1, "branch")  # 条例 第十一条
    assert by_type["branch_committee"] == ("month", 1, "branch")  # 第十二条
    assert by_type["group_meeting"] == ("month", 1, "group")  # 第十三条, per 党小组
    assert by_type["party_lecture"] == ("quarter", 1, "branch")
    assert by_type["theme_day"] == ("month", 1, "branch")
    assert by_type["org_life"] == ("year", 1, "branch")
    assert rules.absence_warnings == (3, 5, 6)
    assert default_rules_path().name == "meeting_rules.json"


def _write(tmp_path, data) -> str:
    path = tmp_path / "rules.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _valid():
    return json.loads(default_rules_path().read_text(encoding="utf-8"))


def test_a_replaced_file_is_used_without_code_changes(tmp_path):
    data = _valid()
    data["meetings"]["party_lecture"] = {"every": "month", "count": 2}
    data["absence_warnings_months"] = [2, 6]
    rules = load_rules(_write(tmp_path, data))
    assert rules.rule("party_lecture").every == "month" and rules.rule("party_lecture").count == 2
    assert rules.absence_warnings == (2, 6)


@pytest.mark.parametrize(
    ("mutate", "zh", "en"),
    [
        (lambda d: d["meetings"].update(lunch={"every": "month", "count": 1}), "未知会议类型 lunch", "lunch"),
        (lambda d: d["meetings"]["theme_day"].update(every="weekly"), "theme_day.every", "weekly"),
        (lambda d: d["meetings"]["theme_day"].update(count=0), "theme_day.count", "positive"),
        (lambda d: d["meetings"]["theme_day"].update(per="village"), "theme_day.per", "branch or group"),
        (lambda d: d.update(absence_warnings_months=[6, 3]), "absence_warnings_months", "ascending"),
        (lambda d: d.update(format=2), "format", "format"),
    ],
)
def test_invalid_rules_are_refused_with_a_clear_message(tmp_path, mutate, zh, en):
    data = _valid()
    mutate(data)
    with pytest.raises(RulesError) as exc:
        load_rules(_write(tmp_path, data))
    assert zh in exc.value.message_zh and "rules.json" in exc.value.message_zh
    assert en in exc.value.message_en


def test_broken_json_names_line_and_column(tmp_path):
    with pytest.raises(RulesError) as exc:
        load_rules(_write(tmp_path, '{\n  "format": 1,\n  "meetings": {,}\n}'))
    assert "第3行" in exc.value.message_zh and "line 3" in exc.value.message_en


def test_missing_file(tmp_path):
    with pytest.raises(RulesError) as exc:
        load_rules(tmp_path / "nope.json")
    assert "无法读取" in exc.value.message_zh
