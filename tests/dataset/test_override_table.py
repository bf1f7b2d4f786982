"""The override table beside a dataset: versioned changes, one entry per line of a source, read back as written,
and the corrections of a saved review taken as overrides."""

from __future__ import annotations

import json

import pytest

from pipeline.dataset.overrides import (
    FILE,
    OverrideError,
    OverrideTable,
    checked,
    from_labels,
    read_overrides,
    write_overrides,
)


def test_each_change_makes_a_version_and_marking_a_line_again_replaces_it(tmp_path):
    assert read_overrides(str(tmp_path)) == OverrideTable()  # none yet: empty, version 0
    first = OverrideTable().changed([checked("a.com", "Tap to hear this story", "remove", "widget"),
                                     checked("b.com", "Tap to hear this story", "keep")])
    assert first.version == 1 and len(first.lines) == 2
    # the same line of a.com, spelled otherwise (case, punctuation), is the same entry: replaced, not added
    second = first.changed([checked("a.com", "TAP TO HEAR THIS STORY!", "remove", "footer")])
    assert second.version == 2 and len(second.lines) == 2
    assert {(o.source, o.kind) for o in second.lines} == {("a.com", "footer"), ("b.com", None)}
    assert second.history[-1] | {"at": None} == {"version": 2, "at": None, "added": 0, "changed": 1, "dropped": 0,
                                                 "by": "cli"}
    # saying it again changes nothing and makes no version
    assert second.changed([checked("a.com", "tap to hear this story", "remove", "footer")]) is second
    third = second.changed(drop=[("b.com", "Tap to hear this story")])
    assert third.version == 3 and [o.source for o in third.lines] == ["a.com"]

    write_overrides(str(tmp_path), third)
    again = read_overrides(str(tmp_path))
    assert again == third
    user = again.user_lines()
    assert user["a.com"].verdict_of("Tap to hear this story.") == ("remove", "footer")
    assert "b.com" not in user


def test_a_wrong_override_says_what_to_do(tmp_path):
    with pytest.raises(OverrideError, match="kind 'nope'"):
        checked("a.com", "x", "remove", "nope")
    with pytest.raises(OverrideError, match="blank"):
        checked("a.com", "  \t", "keep")
    (tmp_path / FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(OverrideError, match="not JSON"):
        read_overrides(str(tmp_path))
    (tmp_path / FILE).write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(OverrideError, match="not an articlean override table"):
        read_overrides(str(tmp_path))


def test_a_reviews_corrections_become_overrides_of_their_source():
    raw = "Headline\n\nFirst paragraph of the story, long enough.\nShare this story\nAdvertisement\n"
    labels = {"format": "articlean-labels/1", "dumps": [{
        "file": "a.txt", "source": "a.com", "raw": raw, "corrected": [4, 5],
        "labels": [{"line": 1, "label": "title"}, {"line": 3, "label": "body"}, {"line": 4, "label": "widget"},
                   {"line": 5, "label": "body"}]}]}
    found, left_out = from_labels(labels, "labels.json")
    # only the corrected lines: line 4 now noise, line 5 now body; the untouched lines say nothing
    assert [(o.source, o.text, o.action, o.kind, o.origin) for o in found] == [
        ("a.com", "Share this story", "remove", "widget", "labels.json"),
        ("a.com", "Advertisement", "keep", None, "labels.json")]
    assert left_out == []


def test_a_line_that_is_body_in_one_place_and_noise_in_another_is_left_to_training():
    """A headline repeated later in the story: the copy is a duplicate, the first is not. An override by text would
    remove both, so it is left out and said."""
    raw = "Storm hits the coast\n\nStorm hits the coast\nThe storm reached the coast at dawn, officials said.\n"
    labels = {"dumps": [{"file": "a.txt", "source": "a.com", "raw": raw, "corrected": [3, 4],
                         "labels": [{"line": 1, "label": "body"}, {"line": 3, "label": "duplicate"},
                                    {"line": 4, "label": "body"}]}]}
    found, left_out = from_labels(labels, "labels.json")
    assert [o.text for o in left_out] == ["Storm hits the coast"]
    assert [(o.text, o.action) for o in found] == [("The storm reached the coast at dawn, officials said.", "keep")]
