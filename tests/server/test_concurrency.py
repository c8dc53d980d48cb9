"""Concurrent writers and a puller: revs become visible in order, so the puller misses nothing."""

from __future__ import annotations

import threading

from server_harness import BRANCH1, BRANCH2, change, member_fields, new_id, signed_in


def test_concurrent_pushes_are_all_pulled_once(server):
    writers = [signed_in(server, user) for user in ("qingshan", "sec001", "sec002", "qingshan")]
    reader = signed_in(server, "qingshan")
    _, _, cursor = reader.pull_all()
    written: set[str] = set()
    lock = threading.Lock()
    done = threading.Event()
    errors: list[BaseException] = []

    def write(api, branch: str) -> None:
        try:
            for _ in range(12):
                ids = [new_id() for _ in range(5)]
                results = api.push_ok([change("members", i, member_fields(branch)) for i in ids])
                assert all(r["status"] == "applied" for r in results), results
                with lock:
                    written.update(ids)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    seen: list[tuple[str, int]] = []

    def read() -> None:
        nonlocal cursor
        try:
            while True:
                finished = done.is_set()
                page = reader.get("/sync/changes", params={"since": cursor, "limit": 7}).json()
                revs = [c["rev"] for c in page["changes"]]
                assert revs == sorted(revs) and all(r > cursor for r in revs)
                seen.extend((c["id"], c["rev"]) for c in page["changes"])
                cursor = page["next"]
                if finished and not page["has_more"]:
                    return
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(api, BRANCH2 if api is writers[2] else BRANCH1))
               for api in writers]
    puller = threading.Thread(target=read)
    puller.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    done.set()
    puller.join(timeout=240)
    assert not errors, errors
    ids = [i for i, _ in seen]
    assert set(ids) >= written
    assert len(seen) == len(set(seen))
