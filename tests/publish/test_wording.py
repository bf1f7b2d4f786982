"""Counts in the messages and pages: "1 source", never "1 sources"."""

from pipeline.publish.wording import counted


def test_one_is_singular_and_every_other_count_plural():
    assert counted(1, "source") == "1 source"
    assert counted(0, "source") == "0 sources" and counted(2, "article") == "2 articles"
    assert counted(1204, "article") == "1,204 articles"
    assert counted(1, "jsonl shard") == "1 jsonl shard" and counted(3, "more paragraph") == "3 more paragraphs"
    assert counted(2, "child", "children") == "2 children" and counted(1, "child", "children") == "1 child"
