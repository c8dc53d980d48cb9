from ebranch_desktop.domain.merge import DELETED, Version, three_way

BASE = Version({"topic": "学习党章", "place": "村部", "minutes": ""})


def v(deleted=False, **changes):
    return Version(BASE.fields | changes, deleted)


def test_disjoint_fields_merge():
    result = three_way(BASE, v(topic="新主题"), v(place="活动室"))
    assert result.clean
    assert result.merged == v(topic="新主题", place="活动室")


def test_same_change_on_both_sides_is_no_conflict():
    result = three_way(BASE, v(topic="新主题"), v(topic="新主题"))
    assert result.clean and result.merged.fields["topic"] == "新主题"


def test_same_field_changed_differently_is_a_conflict_and_keeps_theirs_for_it():
    result = three_way(BASE, v(topic="甲", minutes="记录"), v(topic="乙"))
    assert result.conflicts == ("topic",)
    assert result.merged.fields["topic"] == "乙" and result.merged.fields["minutes"] == "记录"


def test_delete_against_edit_conflicts_both_ways():
    assert DELETED in three_way(BASE, v(deleted=True), v(place="活动室")).conflicts
    assert DELETED in three_way(BASE, v(place="活动室"), v(deleted=True)).conflicts


def test_delete_against_untouched_merges():
    assert three_way(BASE, v(deleted=True), BASE).merged.deleted is True
    assert three_way(BASE, BASE, v(deleted=True)).merged.deleted is True
    assert three_way(BASE, v(deleted=True), v(deleted=True)).clean


def test_created_on_both_sides_merges_when_equal_and_conflicts_when_not():
    mine = Version({"status": "present", "reason": ""})
    assert three_way(None, mine, Version({"status": "present", "reason": ""})).clean
    result = three_way(None, mine, Version({"status": "leave", "reason": "外出务工"}))
    assert set(result.conflicts) == {"status", "reason"}


def test_a_clock_years_off_only_warns():
    from ebranch_desktop.sync.clock import clock_skew_warning

    assert clock_skew_warning(120) is None
    zh, en = clock_skew_warning(-3 * 365 * 86400)
    assert "1095 天" in zh and "1095 days" in en and "同步不受影响" in zh
