"""The duplicate-tag detector: case, accents, separators and plurals, and which tag is kept."""

from __future__ import annotations

from app.domain.tag_duplicates import find_duplicates, fingerprint, singular


def test_fingerprint_ignores_case_accents_separators_and_plural() -> None:
    same = ["Border Security", "border-security", "border_security", "Bórder  Securities"]
    assert len({fingerprint(p) for p in same}) == 1
    assert fingerprint("research/Policies") == fingerprint("Research/policy")
    assert fingerprint("research/policy") != fingerprint("policy")  # the hierarchy counts
    assert fingerprint("glass") == "glass" and fingerprint("status") == "status"


def test_singular_rules() -> None:
    assert [singular(w) for w in ("tags", "policies", "boxes", "glass", "news", "bus")] == [
        "tag",
        "policy",
        "box",
        "glass",
        "new",  # a crude stemmer: both sides shrink the same way, so pairs still meet
        "bus",
    ]


def test_groups_keep_the_most_used_and_explain_why() -> None:
    groups = find_duplicates(
        [
            ("machine-learning", 3),
            ("Machine Learning", 10),
            ("machine_learnings", 1),
            ("café", 2),
            ("cafe", 2),
            ("alone", 5),
        ]
    )
    assert len(groups) == 2
    first, second = groups
    assert first.keep == "Machine Learning"
    assert set(first.merge) == {"machine-learning", "machine_learnings"}
    assert set(first.reasons) == {"case", "separators", "plural"}
    # A tie in use goes to the plain spelling, whatever the input order.
    assert second.keep == "cafe" and second.merge == ("café",)
    assert second.reasons == ("accents",)
    assert find_duplicates([("cafe", 2), ("café", 2)])[0].keep == "cafe"


def test_no_groups_without_duplicates() -> None:
    assert find_duplicates([("a", 1), ("b", 1), ("a/b", 1)]) == []
