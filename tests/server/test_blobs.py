"""The blob channel on the server: who may upload and read, chunks checked one by one and as a
whole, an upload resumes where it stopped, ranges read back."""

from __future__ import annotations

import hashlib
import os

from server_harness import BRANCH1, change, meeting_fields, new_id, signed_in

CHUNK = 4096


def blob(size: int = 3 * CHUNK + 100) -> tuple[bytes, str]:
    data = os.urandom(size)
    return data, hashlib.sha256(data).hexdigest()


def photo_fields(meeting_id: str, sha: str, size: int, thumb: str, thumb_size: int) -> dict:
    return {"meeting_id": meeting_id, "kind": "photo", "caption": "", "sha256": sha, "size": size,
            "width": 1600, "height": 1200, "thumb_sha256": thumb, "thumb_size": thumb_size}


def named(api, data: bytes, sha: str) -> str:
    """A meeting of branch 1 with a photo record naming the blob (as its photo and thumbnail)."""
    mid, pid = new_id(), new_id()
    results = api.push_ok([change("meetings", mid, meeting_fields(BRANCH1)),
                           change("photos", pid, photo_fields(mid, sha, len(data), sha, len(data)))])
    assert [r["status"] for r in results] == ["applied", "applied"], results
    return pid


def start(api, sha: str, size: int):
    return api.post(f"/blobs/{sha}/upload", json={"size": size, "chunk_size": CHUNK})


def put(api, sha: str, idx: int, data: bytes, *, good_hash: bool = True):
    digest = hashlib.sha256(data if good_hash else b"other").hexdigest()
    return api.session.put(f"{api.server.base}/blobs/{sha}/chunks/{idx}", data=data,
                           headers=api.headers({"X-Chunk-Sha256": digest,
                                                "Content-Type": "application/octet-stream"}))


def get(api, sha: str, range_: str | None = None):
    extra = {"Range": range_} if range_ else {}
    return api.session.get(f"{api.server.base}/blobs/{sha}", headers=api.headers(extra))


def chunks(data: bytes) -> list[bytes]:
    return [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)]


def test_upload_resumes_and_reads_back_in_ranges(server):
    api = signed_in(server, "sec001")
    data, sha = blob()
    named(api, data, sha)
    r = start(api, sha, len(data))
    assert r.status_code == 200 and r.json()["received"] == [] and not r.json()["complete"]
    parts = chunks(data)
    assert put(api, sha, 2, parts[2]).json()["received"] == [2]
    assert put(api, sha, 0, parts[0]).json()["received"] == [0, 2]
    assert put(api, sha, 0, parts[0]).json()["received"] == [0, 2]  # a resend changes nothing
    # a cut link: the client asks where it stands and sends only the rest
    again = start(api, sha, len(data)).json()
    assert again["received"] == [0, 2]
    assert put(api, sha, 1, parts[1]).status_code == 200
    done = put(api, sha, 3, parts[3]).json()
    assert done["complete"] is True
    assert start(api, sha, len(data)).json()["complete"] is True  # a second PC: nothing to send
    assert get(api, sha).content == data
    part = get(api, sha, "bytes=4000-8191")
    assert part.status_code == 206 and part.content == data[4000:8192]
    assert part.headers["Content-Range"] == f"bytes 4000-8191/{len(data)}"
    assert get(api, sha, f"bytes={len(data)}-").status_code == 416
    # the township above the branch reads it too
    assert get(signed_in(server, "qingshan"), sha).content == data


def test_chunks_are_checked(server):
    api = signed_in(server, "sec001")
    data, sha = blob()
    named(api, data, sha)
    start(api, sha, len(data))
    parts = chunks(data)
    assert put(api, sha, 1, parts[1], good_hash=False).status_code == 422  # damaged on the way
    assert put(api, sha, 1, parts[1][:-1]).status_code == 422  # wrong length
    assert put(api, sha, 9, parts[1]).status_code == 422  # no such chunk
    assert start(api, sha, len(data) + 1).status_code == 409  # another size for the same upload
    # chunks that pass one by one but not as a whole are dropped: start again
    wrong = os.urandom(len(data))
    for idx, piece in enumerate(chunks(wrong)):
        r = put(api, sha, idx, piece)
    assert r.status_code == 422 and r.json()["error"] == "blob_mismatch"
    assert get(api, sha).status_code == 404


def test_only_those_a_record_lets_write_may_upload_and_read(server):
    owner, other = signed_in(server, "sec001"), signed_in(server, "sec002")
    data, sha = blob(CHUNK)
    # nobody names it yet: nobody may upload it
    assert start(owner, sha, len(data)).status_code == 403
    named(owner, data, sha)
    assert start(other, sha, len(data)).status_code == 403
    assert start(owner, sha, len(data)).status_code == 200
    assert put(other, sha, 0, data).status_code == 404
    assert put(owner, sha, 0, data).json()["complete"] is True
    # another branch, the same answer for "not yours" and "no such blob"
    missing = get(other, sha)
    unknown = get(other, hashlib.sha256(b"nothing").hexdigest())
    assert missing.status_code == unknown.status_code == 404
    assert missing.json() == unknown.json()
    assert get(signed_in(server, "nongan"), sha).content == data  # the read-only county reads
    assert start(owner, "not-a-hash", 10).status_code == 422
    from server_harness import HEADERS

    no_token = owner.session.get(f"{server.base}/blobs/{sha}", headers=HEADERS)
    assert no_token.status_code == 401
