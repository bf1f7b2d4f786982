"""A user's overrides in cleaning: a line always removed is recorded under rule `user`, a line always kept is
claimed by no rule nor the model, and every line is still accounted for, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import clean
from pipeline.cleaning.overrides import UserLines, user_key
from pipeline.core.text import line_content

PAGE = """Mayor opens the new bridge after six years of work

By Jane Doe

The city's new bridge opened on Tuesday after six years of work, with the mayor cutting the ribbon at dawn.
Advertisement
Read our weekly Bridge Club notes for members only
Traffic on the old crossing fell by half within hours, the transport office said in a statement.
"""


def removal_of(article, number: int):
    return next((r for r in article.removed if r.line == number), None)


def test_a_line_marked_remove_is_removed_as_its_kind_by_rule_user():
    plain = clean(PAGE)
    assert removal_of(plain, 7) is None  # body to the cleaner
    marked = clean(PAGE, user=UserLines.of({"read our weekly bridge club notes, for members only!": "footer"}))
    removal = removal_of(marked, 7)
    assert (removal.kind, removal.rule, removal.text) == ("footer", "user", line_content(PAGE.split("\n")[6]))
    # nothing else moved
    assert marked.paragraphs == [p for p in plain.paragraphs if p.line != 7]


def test_a_line_marked_keep_is_claimed_by_no_rule():
    plain = clean(PAGE)
    assert removal_of(plain, 6).rule == "ad_marker"
    kept = clean(PAGE, user=UserLines.of(keep=["ADVERTISEMENT"]))
    assert removal_of(kept, 6) is None
    assert {p.line: p.text for p in kept.paragraphs}[6] == "Advertisement"
    assert [r for r in kept.removed if r.line != 6] == [r for r in plain.removed if r.line != 6]


def test_a_kept_line_is_not_taken_by_the_model_either():
    menu = "Storm closes schools\n" + "\n".join(["Home", "World", "Politics", "Sports", "Weather"]) + "\n" + \
        "Schools across the county closed on Monday as the storm brought heavy snow and high winds to the region.\n" * 3
    plain = clean(menu)
    by_model = [r for r in plain.removed if r.rule in ("model", "menu_run")]
    assert by_model, "the menu should be removed by the model or the menu rule"
    line = by_model[0]
    kept = clean(menu, user=UserLines.of(keep=[line.text]))
    assert removal_of(kept, line.line) is None


def test_lines_of_symbols_are_matched_by_their_content_not_all_alike():
    assert user_key("★★★") == "★★★" and user_key("— ★ —") == "— ★ —"
    user = UserLines.of({"★★★": "widget"})
    article = clean("Title of the story here\n★★★\n— ★ —\nA long paragraph of the story that goes on for a while here.\n",
                    user=user)
    assert [(r.line, r.rule) for r in article.removed if r.rule == "user"] == [(2, "user")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=12), st.data())
def test_any_text_with_any_overrides_accounts_for_every_line(lines, data):
    text = "\n".join(lines)
    marked = data.draw(st.lists(st.sampled_from(lines), max_size=4))
    half = len(marked) // 2
    user = UserLines.of({line: "widget" for line in marked[:half]}, marked[half:])
    article = clean(text, user=user)
    kept = {p.line for p in article.paragraphs}
    whole = {r.line for r in article.removed if r.text == line_content(text.split("\n")[r.line - 1])}
    for number, raw in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        if line_content(raw):
            said = user.verdict_of(line_content(raw))
            if said and said[0] == "keep":
                assert number in kept and number not in whole
            elif said and said[0] == "remove":
                assert number in whole and number not in kept


STORM = """Storm hits the coast
Local officials warn residents
The storm reached the coast at dawn on Tuesday, and officials said the worst of it would pass by the evening.
Schools stayed closed across the county while crews cleared fallen trees from the main roads into town.
"""


def test_a_headline_the_user_keeps_is_body_not_the_title():
    plain = clean(STORM)
    assert plain.title == "Storm hits the coast"
    kept = clean(STORM, user=UserLines.of(keep=["Storm hits the coast"]))
    assert kept.title is None and kept.paragraphs[0].text == "Storm hits the coast"
    assert not any(r.kind == "title" for r in kept.removed)  # no later line is taken for the headline instead


def test_a_line_the_user_names_the_title_is_the_title():
    named = clean(STORM, user=UserLines.of({"Local officials warn residents": "title"}))
    assert named.title == "Local officials warn residents"
    assert [(r.line, r.rule) for r in named.removed if r.kind == "title"] == [(2, "user")]
    assert "Storm hits the coast" in [p.text for p in named.paragraphs]


def test_overrides_match_across_unicode_forms_but_not_across_vowel_signs():
    import unicodedata

    user = UserLines.of({"Café au lait, today only": "ad", "आज का दिन": "widget"})
    assert user.verdict_of(unicodedata.normalize("NFD", "CAFÉ AU LAIT — today only")) == ("remove", "ad")
    assert user.verdict_of("आज के दिन") is None and user.verdict_of("आज का दिन!") == ("remove", "widget")
