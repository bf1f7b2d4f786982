"""The caption above a standalone credit (`caption_before_credit`): taken when the page ties the two and the line has a
caption's shape; a paragraph before a picture's credit is the story's."""

from __future__ import annotations

import pytest
from conftest import DATA, LABELLED

from pipeline import clean
from pipeline.cleaning.engine import judge
from pipeline.core.settings import CleanSettings

RULES_ALONE = CleanSettings(model=False)
NEWCOMER = DATA / "newcomer"
# A paragraph of the story's length, and another.
LEAD = ("The council voted on Tuesday to repair the harbour wall before the winter storms, after a survey found cracks "
        "along most of its length and engineers warned that the next high tide could breach it.")
MORE = ("Work is expected to start next month and to last until the spring, a spokesman for the council said, adding "
        "that the promenade would stay open to walkers while the repairs go on.")


def removals(text: str, settings: CleanSettings = RULES_ALONE) -> dict[str, str]:
    page = judge(text, settings)
    return {page.lines[i].text: verdict.rule for i, verdict in page.whole.items()}


@pytest.mark.parametrize(("name", "paragraph", "credit"), [
    # a paragraph of two sentences directly above the credit of a picture placed after it
    ("fed.txt", "Policymakers voted 10-2 to keep the benchmark rate", "Photo: Jane Doe/Reuters"),
    # the same across a blank line, in French
    ("greve.txt", "Le gouvernement a appelé au « sens des responsabilités »", "Photo : Jean Dupont / Le Monde"),
])
def test_a_paragraph_before_a_picture_s_credit_is_kept(name, paragraph, credit):
    text = (NEWCOMER / name).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(paragraph))
    article = clean(text)
    assert line in article.body
    assert credit in {r.text for r in article.removed}  # the credit itself goes
    assert line not in removals(text)  # and the rules alone leave the paragraph too


def test_a_caption_in_one_block_with_its_credit_is_removed():
    text = f"{LEAD}\n\nFirefighters battle a blaze near the harbour on Saturday.\nJane Doe/Reuters\n\n{MORE}"
    assert removals(text) == {"Firefighters battle a blaze near the harbour on Saturday.": "caption_before_credit",
                              "Jane Doe/Reuters": "credit_line"}


def test_a_line_across_a_blank_line_from_a_credit_is_not_its_caption_by_rule():
    # the end of a section before a picture with no caption of its own: the rules leave it to the model
    text = f"{LEAD}\n\nMake it some other town's problem, apparently.\n\nJane Doe/Reuters\n\n{MORE}"
    assert removals(text) == {"Jane Doe/Reuters": "credit_line"}


def test_a_line_as_long_as_the_story_s_paragraphs_is_not_a_caption():
    # two sentences, 147 characters, among paragraphs of 174 to 196: the story's own, with a picture after it
    paragraph = ("The council voted 7-2 to keep the harbour fee at its present level for another year. Two members "
                 "argued for an immediate cut to help the fishermen.")
    text = f"{MORE}\n\n{paragraph}\nJane Doe/Reuters\n\n{MORE.replace('next month', 'in May')}\n\n{LEAD}"
    assert removals(text) == {"Jane Doe/Reuters": "credit_line"}


def test_a_page_written_line_after_line_does_not_tie_a_caption_to_its_credit():
    text = f"{LEAD}\nFirefighters battle a blaze near the harbour on Saturday.\nJane Doe/Reuters\n{MORE}"
    assert "Firefighters battle a blaze near the harbour on Saturday." not in removals(text)


# (cbsnews_4's line 3, "March 23, 2024 / 6:40 PM EDT" above "/ AFP", is a byline in its gold: the dateline rule takes
# it now, as what it is; caption_before_credit took it before as a caption)
@pytest.mark.parametrize(("name", "numbers"), [
    ("000_ddc4de0ab6465bbc.txt", [3]),  # cut off mid-word, in one block with its credit
    ("cbsnews_1.txt", [361, 371, 381]),  # across blank lines, the credit indented inside its <figure>
])
def test_the_hand_labelled_captions_above_credits_are_still_removed(name, numbers):
    page = judge((LABELLED / "dumps" / name).read_text(encoding="utf-8"))
    taken = {page.lines[i].number: verdict.rule for i, verdict in page.whole.items()}
    assert all(taken.get(number) == "caption_before_credit" for number in numbers), taken
