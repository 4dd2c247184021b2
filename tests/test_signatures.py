"""signatures.py: learned marks, name lines, -- delimiters."""

from __future__ import annotations

from threads.signatures import learn, line_sign, split


def test_learns_recurring_tail_only() -> None:
    learned = learn(
        [
            ("host", "Yes. pl"),
            ("host", "No.\nNever. pl"),
            ("ann", "Hi. xo"),
            ("bob", "Ok. b"),
            ("bob", "Fine"),
        ]
    )
    assert learned == {"host": {"pl"}}
    assert line_sign("the bear eats you. pl", learned) == "host"
    assert line_sign("the bear eats you.", learned) is None


def test_split_learned_mark_name_line_and_email_delimiter() -> None:
    learned = {"host": {"pl"}}
    assert split("You are wrong. pl", "host", learned) == ("You are wrong.", "pl")
    assert split("Quote here\nIshmael Zechariah\np.s: more", "Ishmael Zechariah", {}) == (
        "Quote here\np.s: more",
        "Ishmael Zechariah",
    )
    assert split("Body\n-- \nAnn Smith\nExample Corp", "Ann", {}) == ("Body", "Ann Smith\nExample Corp")
    assert split("No signature here. pl", "other", learned) == ("No signature here. pl", None)
