"""The data package endpoints over HTTP, on SQLite and PostgreSQL: a PC's keys registered, an
export delivered (twice: once applied), refusals, and the answer with the push's results."""

from __future__ import annotations

import json
import uuid

from server_harness import BRANCH1, change, meeting_fields, signed_in

from ebranch_desktop.sync import package_format as fmt
from ebranch_desktop.sync import wire

_OCTETS = {"Content-Type": "application/octet-stream"}


def _export(device_id: str, pair: fmt.KeyPair, server: fmt.PublicKeys, seq: int, changes: list[dict],
            author: str = "sec001") -> bytes:
    package_id = str(uuid.uuid4())
    manifest = {"package_id": package_id, "device_id": device_id, "seq": seq, "author": author, "cursor": 0,
                "results_seen": 0, "batches": 1, "records": len(changes)}
    batch = {"device_id": device_id, "batch_id": f"p:{package_id}:0", "changes": changes}
    payload = fmt.compress_lines([fmt.dumps_line(manifest), fmt.dumps_line(batch)])
    header = {"kind": fmt.EXPORT, "package_id": package_id, "device_id": device_id, "seq": seq,
              "server_key": server.key_id, "server_url": "test"}
    return fmt.seal(header, payload, recipient_box_public=fmt.unb64(server.box_public, 32), sender=pair)


def test_register_deliver_twice_refuse_and_fetch_the_results(server):
    branch = signed_in(server, "sec001")
    township = signed_in(server, "qingshan")
    device_id = str(uuid.uuid4())
    pair = fmt.KeyPair.generate()
    body = fmt.DeviceRegistration(keys=pair.device_keys(), device_name="村部电脑").model_dump()
    r = branch.session.put(f"{server.base}/packages/devices/{device_id}", json=body, headers=branch.headers(),
                           timeout=30)
    assert r.status_code == 200, r.text
    keys = fmt.PublicKeys.model_validate(r.json()).check()
    assert township.get("/packages/server-key").json() == keys.model_dump()

    meeting = str(uuid.uuid4())
    package = _export(device_id, pair, keys, 1, [change("meetings", meeting, meeting_fields(BRANCH1))])
    first = township.post("/packages/deliver", data=package, headers=_OCTETS)
    assert first.status_code == 200, first.text
    assert (first.json()["applied"], first.json()["already_delivered"]) == (1, False)
    _, _, cursor = township.pull_all()
    again = township.post("/packages/deliver", data=package, headers=_OCTETS)
    assert again.status_code == 200 and again.json()["already_delivered"] is True
    assert township.pull_all(cursor)[0] == {}  # nothing new on the server

    # Refused, each with its code: not octets, tampered, cut, older, from an unknown PC.
    assert township.post("/packages/deliver", json={"a": 1}).status_code == 415
    bad = bytearray(package)
    bad[len(bad) // 2] ^= 1
    r = township.post("/packages/deliver", data=bytes(bad), headers=_OCTETS)
    assert (r.status_code, r.json()["error"]) == (422, "tampered")
    r = township.post("/packages/deliver", data=package[:-3], headers=_OCTETS)
    assert (r.status_code, r.json()["error"]) == (422, "truncated")
    older = _export(device_id, pair, keys, 1, [change("meetings", str(uuid.uuid4()), meeting_fields(BRANCH1))])
    r = township.post("/packages/deliver", data=older, headers=_OCTETS)
    assert (r.status_code, r.json()["error"]) == (409, "older_package")
    stranger = _export(str(uuid.uuid4()), pair, keys, 1, [])
    r = township.post("/packages/deliver", data=stranger, headers=_OCTETS)
    assert (r.status_code, r.json()["error"]) == (422, "unknown_device")
    other_branch = signed_in(server, "sec002")
    r = other_branch.post("/packages/deliver", data=package, headers=_OCTETS)
    assert (r.status_code, r.json()["error"]) == (403, "out_of_scope")

    r = township.post("/packages/fetch", json={"for": device_id[:8]})
    assert r.status_code == 200, r.text
    figures = json.loads(r.headers[fmt.SUMMARY_HEADER])
    assert figures["results"] == 1 and figures["records"] >= 1
    header, start = fmt.read_header(r.content)
    assert header["kind"] == fmt.ANSWER and header["signer"] == keys.key_id
    payload = fmt.open_sealed(r.content, header, start, sender_sign_public=fmt.unb64(keys.sign_public, 32),
                              recipient=pair)
    lines = [json.loads(line) for line in fmt.iter_lines(payload)]
    results = [x for x in lines[1:] if x["t"] == "results"]
    assert [r["status"] for r in wire.PushResponse.model_validate(results[0]["response"]).model_dump()["results"]] \
        == ["applied"]
    pages = [wire.ChangesPage.model_validate(x["page"]) for x in lines[1:] if x["t"] == "page"]
    assert meeting in {c.id for p in pages for c in p.changes}
