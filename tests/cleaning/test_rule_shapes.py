"""Shapes the rules were tightened to, each for a kind of real text that a rule took on the corpora's training sites,
with the noise of the same kind still taken. The rules alone (the model off), so that each answer is the rule's."""

from __future__ import annotations

from pipeline.cleaning.engine import judge
from pipeline.core.settings import DEFAULT_SETTINGS, CleanSettings

RULES_ALONE = CleanSettings(model=False)
PROSE = [
    f"Paragraph {n} of the story reports what officials said on Tuesday about the plan, which the council is "
    f"expected to debate again next week after months of delay, and what residents fear will happen {n} times over."
    for n in ("one", "two", "three", "four", "five", "six")
]


def taken(text: str, settings: CleanSettings = RULES_ALONE) -> dict[str, str]:
    page = judge(text, settings, extract_title=False)
    return {page.lines[i].text: verdict.rule for i, verdict in page.whole.items()}


def story(*middle: str, end: tuple[str, ...] = ()) -> str:
    return "\n\n".join([*PROSE[:3], *middle, *PROSE[3:], *end])


def test_a_gallery_counter_counts_and_a_table_s_figures_do_not():
    assert taken(story("3/12")) == {"3/12": "toolbar_text"}
    assert taken(story("58/45", "10/0", "01/23/2026")) == {}


def test_a_dateline_or_a_heading_with_brackets_is_not_a_caption():
    kept = ("KUALA LUMPUR, Malaysia (AP)", "2. Epipremnum aureum (Golden Pothos / Devil’s Ivy)")
    assert taken(story(*kept)) == {}
    caption = "A shopper browses the aisles of the new store on Saturday. (Ellen M. Banner / The Seattle Times)"
    assert taken(story(caption)) == {caption: "caption_bracketed_credit"}


def test_an_agency_named_inside_a_sentence_is_not_a_credit():
    split = "Protesters raised a flag in the square, “igniting,” as\nReuters\nreported, fears of more unrest."
    assert taken(story(split)) == {}
    assert taken(story("Reuters")) == {"Reuters": "credit_line"}


def test_a_copyright_line_before_a_wrapped_story_does_not_end_it():
    # a console's notice in a text saved at 80 columns: the wrapped paragraphs after it are the story's
    wrapped = ("(c) Copyright 1990-1994, Hewlett-Packard Company.\n"
               "All rights reserved\n\n"
               "The machine then tried to boot from the network too many times, and I had to\n"
               "realize I did not pay attention to abort the boot process, and reboot it once\n"
               "the system had completed booting, which took a while on such an old machine.")
    text = "\n\n".join([*PROSE[:4], wrapped])
    lines = taken(text)
    assert "(c) Copyright 1990-1994, Hewlett-Packard Company." in lines
    assert not any(line.startswith(("The machine", "realize", "the system")) for line in lines)
    # a footer's links, one to a line, still go after it
    footer = "© 2024 The Daily Planet\n\nMesothelioma\n,\nAsbestos\nLooking for a new job outside Washington DC?"
    assert set(taken("\n\n".join([*PROSE[:4], footer]))) >= {"Mesothelioma", "Asbestos",
                                                              "Looking for a new job outside Washington DC?"}


def test_topics_at_the_story_s_edges_are_a_tag_list_and_inside_it_the_article_s():
    keywords = "Keywords: anxiety, depression, physical activity"
    assert keywords not in taken(story(keywords))
    assert taken(story(end=(keywords,))) == {keywords: "tag_list"}
    assert taken(story(end=("tags: [Tag!]!",))) == {}  # a schema's field


def test_a_related_list_inside_the_story_is_left_and_after_it_taken():
    block = ("Also read:", "How to integrate holistic practices into your coaching", "Trend 5: Exercises for mental health")
    assert taken(story(*block)) == {}
    assert taken(story(end=block[:2])) == {"Also read:": "related_block",
                                           "How to integrate holistic practices into your coaching": "related_block"}


def test_a_bare_address_or_handle_is_left_to_the_model():
    assert taken(story("@marcoarment", "pippin@pippinlee.com")) == {}
    prompt = "Jane Doe can be reached at 555-0134 or jdoe@localpaper.com."
    assert taken(story(end=(prompt,))) == {prompt: "contact_prompt"}


def test_a_bare_publishing_word_is_not_an_age():
    assert taken(story("PUBLISHED", "Updated")) == {}
    assert taken("2 hours ago\n\n" + story()) == {"2 hours ago": "byline_age"}


def test_a_read_more_link_is_the_model_s_to_judge():
    link = "Read more: Mayor unveils budget plan"
    assert "related_prefix" not in taken(story(link), DEFAULT_SETTINGS).values()  # the model on: its to judge
    assert taken(story(link)) == {link: "related_prefix"}  # the rules alone, as when the model is off


def test_a_link_labelled_as_another_story_is_removed_with_the_model_on():
    link = "Related: FDIC sells Signature Bank deposits to Flagstar, crypto not included"
    assert taken(story(link), DEFAULT_SETTINGS)[link] == "related_label"
