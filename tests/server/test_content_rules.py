"""The server publishes exactly what kiosks accept: both check a release with kiosk.bundle's one
set of rules. Before, the server's own copy had drifted: it published ids starting with '-' and
pictures of 0 bytes (every kiosk refused the release and fetched it again each round) and refused
a missing created_at, an empty picture description and a duplicate picture, which kiosks took."""

from __future__ import annotations

import pytest
from dqserver.content import releases

from kiosk.bundle import BundleError, validate_manifest

CHANGES = {
    "id starting with -": lambda m: m["topics"][0].update(id="-fotos"),
    "picture of 0 bytes": lambda m: m["assets"][0].update(size=0),
    "no created_at": lambda m: m.pop("created_at"),
    "created_at a number": lambda m: m.update(created_at=5),
    "picture description null": lambda m: m["topics"][0]["steps"][0].update(alt=None),
    "duplicate picture": lambda m: m["assets"].append(dict(m["assets"][0])),
    "format true": lambda m: m.update(format=True),
    "release true": lambda m: m.update(release=True),
    "release 0": lambda m: m.update(release=0),
    "13 steps": lambda m: m["topics"][0].update(steps=m["topics"][0]["steps"] * 7),
    "12 steps": lambda m: m["topics"][0].update(steps=(m["topics"][0]["steps"] * 6)[:12]),
    "icon not listed": lambda m: m["categories"][0].update(icon="e" * 64),
    "no icon": lambda m: m["categories"][0].update(icon=None),
    "step text a list": lambda m: m["topics"][0]["steps"][0].update(text=["Hallo"]),
    "language code of three letters": lambda m: m["topics"][0]["title"].update(deu="Titel"),
    "unknown key": lambda m: m.update(future={"x": 1}),
}


def kiosk_accepts(manifest) -> bool:
    try:
        validate_manifest(manifest)
    except BundleError:
        return False
    return True


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_the_server_and_every_kiosk_agree_on_a_release(topic, change):
    manifest = releases.build_manifest(1)
    assert releases.validate_manifest(manifest) == [] and kiosk_accepts(manifest)
    CHANGES[change](manifest)
    server_problems = releases.validate_manifest(manifest)
    assert (server_problems == []) == kiosk_accepts(manifest), server_problems


def test_the_server_lists_every_problem_the_kiosk_stops_at_the_first(topic):
    manifest = releases.build_manifest(1)
    manifest["topics"][0].update(id="-fotos", category="nope")
    manifest["assets"][0].update(size=0, licence="")
    problems = releases.validate_manifest(manifest)
    assert len(problems) == 4, problems
    with pytest.raises(BundleError) as refused:
        validate_manifest(manifest)
    assert str(refused.value) == problems[0]
