"""A pull interrupted by a server restart resumes from its cursor: no gap, no duplicate."""

from __future__ import annotations

from server_harness import BRANCH1, change, member_fields, new_id, signed_in


def test_restart_between_pages_resumes(own_server):
    server = own_server()
    api = signed_in(server, "qingshan")
    first = api.get("/sync/changes", params={"since": 0, "limit": 500}).json()
    assert first["has_more"] and len(first["changes"]) == 500
    seen = [(c["table"], c["id"]) for c in first["changes"]]

    server.restart()
    # a write lands while the client is away; the old token still works after the restart
    extra = new_id()
    assert api.push_ok([change("members", extra, member_fields(BRANCH1))])[0]["status"] == "applied"

    since = first["next"]
    while True:
        page = api.get("/sync/changes", params={"since": since, "limit": 500}).json()
        seen += [(c["table"], c["id"]) for c in page["changes"]]
        since = page["next"]
        if not page["has_more"]:
            break
    assert len(seen) == len(set(seen))  # nothing twice
    everything, _, _ = signed_in(server, "qingshan").pull_all()
    assert set(seen) == set(everything)  # nothing lost
    assert ("members", extra) in everything
