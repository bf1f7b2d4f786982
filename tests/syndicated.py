"""A generated set of syndicated stories with known answers, for near-duplicate detection.

From the labelled dumps (real stories, real furniture, each line labelled): every story appears
- as its own dump;
- under the furniture of other sites: their title lines, captions, credits and footers around and inside the
  story's body paragraphs (after cleaning, these must match the original);
- lightly edited: about one word in a hundred replaced, a sentence added at the end (a wire update);
and, as clear non-duplicates on the same topic, its first two paragraphs followed by two paragraphs from each
of four other stories (no text shares much with any one of them).

Answers: dumps made from the same story form one group; a same-topic variant belongs to no group.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

LABELLED = Path(__file__).parent / "data" / "labelled"
NOISE = ("caption", "credit", "footer", "related", "ad", "widget", "newsletter", "social", "byline", "dateline")


@dataclass(frozen=True)
class Story:
    site: str
    title: str
    body: list[str]  # paragraphs
    noise: list[str]  # the dump's noise lines, in order


@dataclass(frozen=True)
class Generated:
    name: str
    text: str  # a raw dump, to be cleaned
    group: int | None  # the story it copies; None for a same-topic non-duplicate


def stories() -> list[Story]:
    found, seen = [], set()
    for gold_path in sorted((LABELLED / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        lines = (LABELLED / "dumps" / gold["file"]).read_text(encoding="utf-8").split("\n")
        body = [lines[x["line"] - 1].strip() for x in gold["labels"] if x["label"] == "body"]
        noise = [lines[x["line"] - 1].strip() for x in gold["labels"] if x["label"] in NOISE]
        words = " ".join(re.findall(r"\w+", " ".join(body).lower()))
        if len(words.split()) >= 150 and noise and words not in seen:  # a story two dumps hold is kept once
            seen.add(words)
            found.append(Story(gold_path.stem.rsplit("_", 1)[0], gold["title"] or body[0][:60], body, noise))
    return found


def dressed(story: Story, furniture: Story) -> str:
    """The story's body under another site's furniture: noise before, between paragraphs and after."""
    noise = furniture.noise[:]
    lines = [story.title, *noise[:2]]
    rest = noise[2:]
    for n, paragraph in enumerate(story.body):
        lines.append(paragraph)
        if rest and n % 3 == 1:
            lines.append(rest.pop(0))
    lines += rest
    return "\n\n".join(lines) + "\n"


def edited(story: Story, rng: random.Random) -> str:
    words = "\n\n".join(story.body).split(" ")
    for i in rng.sample(range(len(words)), max(1, len(words) // 100)):
        words[i] = rng.choice(["said", "reported", "officials", "Tuesday", "also"])
    body = " ".join(words) + "\n\nThis story has been updated with additional details."
    return f"{story.title}\n\n{body}\n"


def generate(seed: int = 5) -> list[Generated]:
    rng = random.Random(seed)
    found = stories()
    other_sites = {s.site: s for s in found}
    out = []
    for group, story in enumerate(found):
        out.append(Generated(f"{group}-original", f"{story.title}\n\n" + "\n\n".join(story.body) + "\n", group))
        hosts = [s for site, s in sorted(other_sites.items()) if site != story.site]
        for k, host in enumerate(rng.sample(hosts, 3)):
            out.append(Generated(f"{group}-under-{host.site}-{k}", dressed(story, host), group))
        out.append(Generated(f"{group}-edited", edited(story, rng), group))
        lead = story.body[:2] + [p for k in (3, 7, 11, 15) for p in found[(group + k) % len(found)].body[2:4]]
        out.append(Generated(f"{group}-same-topic", f"{story.title}\n\n" + "\n\n".join(lead) + "\n", None))
    return out


def pair_scores(items: list[Generated], groups: list[list[int]]) -> tuple[float, float, int, int]:
    """Pairwise precision and recall of predicted groups (lists of indexes into `items`) against the answers,
    with the numbers of predicted and true pairs."""
    truth = {(i, j) for i in range(len(items)) for j in range(i + 1, len(items))
             if items[i].group is not None and items[i].group == items[j].group}
    predicted = {(a, b) for g in groups for n, a in enumerate(g) for b in g[n + 1:]}
    hits = len(truth & predicted)
    return (hits / len(predicted) if predicted else 1.0), hits / len(truth), len(predicted), len(truth)
