"""The review page: it fetches nothing, carries its payload intact whatever the text holds, and in a real
browser (Debian's chromium driven by selenium) a click or a key corrects a line, the corrections download as a
labels file in the gold format of tests/data/labelled, and removed lines show struck through in their colours."""

from __future__ import annotations

import io
import itertools
import json
import re
import time
from pathlib import Path

import pytest
from conftest import LABELLED

from pipeline.core.document import KINDS
from pipeline.publish.review_page import PALETTE, render_review
from pipeline.quality.labels import LabelsError, check_labels

PIPELINE_VERSION = "0123456789abcdef0123456789abcdef01234567"
SCRIPT_BREAKER = "He wrote </script><script>alert(1)</script> and <!-- then --> left."
RTL = "مرحبا بالعالم 👋 שלום עולם"

# Three articles as the sampler would give them: (raw line, kind, rule, score, why, fixed); "" is a blank line.
ARTICLES = [
    ("apnews.com", "apnews_3.txt", "Rare sea creature washes ashore", [
        ("Rare sea creature washes ashore", "title", "title", None, "", None),
        "",
        ("By Jane Doe", "byline", "byline", None, "", None),
        "",
        ("SANTA BARBARA, Calif. (AP) — A rare oarfish washed ashore on Friday.", None, None, 0.08, "", None),
        ("The fish on the sand at Grandview Beach. (AP Photo/Sam Roe)", "caption", "model", 0.91,
         "score 0.91: ends_in_credit +0.40, short -0.05", None),
        "",
        (SCRIPT_BREAKER, None, None, 0.12, "", None),
        ("Advertisement", "ad", "ad_marker", None, "", None),
        ("  Researchers said the fish was 12 feet long.Getty Images  \r",
         None, None, None, "", "Researchers said the fish was 12 feet long."),
        "",
        ("© 2026 The Associated Press. All rights reserved.", "footer", "copyright", None, "", None),
    ]),
    ("cbsnews.com", "cbsnews_1.txt", None, [
        ("The council met on Tuesday to vote on the budget.", None, None, None, "", None),
        (RTL, None, None, 0.33, "", None),
        ("READ MORE: Budget talks stall", "related", "related_prefix", None, "", None),
        "",
        ("The vote passed 7-2.", None, None, None, "", None),
        ("Share via Email", "widget", "menu", 0.77, "score 0.77: menu_words +0.50", None),
        ("ALFREDO ESTRELLA/AFP via Getty Images", "credit", "credit_line", None, "", None),
        "",
        ("The council met on Tuesday to vote on the budget.", "duplicate", "repeat", None, "", None),
        ("Members will meet again in March.", None, None, None, "", None),
    ]),
    ("npr.org", "npr_1.txt", "A quiet season", [
        ("A quiet season", "title", "title", None, "", None),
        ("Farmers waited for rain through the summer.", None, None, None, "", None),
        "",
        ("Some sold their herds early.", None, None, 0.45, "", None),
        ("Share this", "widget", "menu", None, "", None),
        ("Others borrowed to buy feed.", None, None, None, "", None),
        ("Copyright 2026 NPR", "footer", "copyright", None, "", None),
        ("The rain came in October.", None, None, None, "", None),
    ]),
]


def payload(created_at: str = "2026-12-03T21:30:00+00:00", articles=ARTICLES) -> dict:
    """A payload as `articlean review` passes it: one entry per non-blank raw line, numbered from 1."""
    built = []
    for n, (source, file, title, rows) in enumerate(articles):
        raw_lines = [row if isinstance(row, str) else row[0] for row in rows]
        lines = [{"line": number, "text": row[0].strip(), "kind": row[1], "rule": row[2], "score": row[3],
                  "why": row[4], "fixed": row[5]}
                 for number, row in enumerate(rows, start=1) if not isinstance(row, str)]
        built.append({"doc_id": f"doc{n}", "source": source, "source_uri": f"/abs/dumps/{file}",
                      "member": n if n == 1 else None, "raw_sha256": f"{n:064x}", "file": file, "title": title,
                      "raw": "\n".join(raw_lines), "lines": lines})
    return {"dataset": "data/", "pipeline_version": PIPELINE_VERSION, "created_at": created_at, "threshold": 0.62,
            "kinds": list(KINDS), "articles": built}


def embedded(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="articlean-payload">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def check_labels_file(dumps: list[dict]) -> None:
    """The gold format of tests/data/labelled: every non-blank line of the raw dump labelled exactly once, in
    order, and the body the content (or fixed text) of the body lines joined by blank lines."""
    for dump in dumps:
        raw_lines = dump["raw"].removeprefix("\ufeff").split("\n")
        check_labels(dump["raw"], dump["labels"], dump["file"])
        assert all(label["label"] == "body" or label["label"] in KINDS for label in dump["labels"])
        assert all("fixed" not in label or label["label"] == "body" for label in dump["labels"])
        assert dump["body"] == "\n\n".join(label.get("fixed", raw_lines[label["line"] - 1].strip())
                                           for label in dump["labels"] if label["label"] == "body")


# --- the page as text ------------------------------------------------------------------------------------

def test_the_page_fetches_nothing_and_escapes_by_text_nodes():
    page = render_review(payload())
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "@import" not in page and "url(" not in page and "<link" not in page
    assert "http://" not in page and "https://" not in page  # the payload holds no URL either
    assert "innerHTML" not in page and "insertAdjacentHTML" not in page and "document.write" not in page


def test_the_payload_round_trips_and_no_text_can_close_its_script():
    given = payload()
    page = render_review(given)
    assert embedded(page) == given
    assert page.count("</script") == 3  # the payload's, the config's and the script's own closing tags
    assert "<!--" not in page and SCRIPT_BREAKER not in page


def test_every_kind_has_a_readable_distinct_colour():
    """Kind colours colour text on white: each must read (WCAG AA, 4.5:1) and differ from the others."""
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    assert set(PALETTE) == set(KINDS)
    assert all(1.05 / (luminance(colour) + 0.05) >= 4.5 for colour in PALETTE.values()), PALETTE
    for a, b in itertools.combinations(PALETTE.values(), 2):
        assert max(abs(int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) for i in (1, 3, 5)) >= 40, (a, b)


def test_the_labels_check_accepts_every_gold_file_and_rejects_a_missing_line():
    """`check_labels_file` is the gold format: the hand-labelled files pass it, so a file the page saves that
    passes it is one `articlean eval` and `train` can read like the others."""
    dumps = []
    for path in sorted((LABELLED / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        dumps.append(gold | {"raw": (LABELLED / "dumps" / gold["file"]).read_bytes().decode("utf-8")})
    assert len(dumps) > 20
    check_labels_file(dumps)
    with pytest.raises(LabelsError, match="every non-blank line once"):
        check_labels_file([dumps[0] | {"labels": dumps[0]["labels"][1:]}])


# --- the page in a browser -------------------------------------------------------------------------------

def open_page(driver, tmp_path: Path, given: dict) -> None:
    """Each test's page has its own created_at, so the corrections one test keeps in localStorage are not the
    next one's."""
    path = tmp_path / "review.html"
    path.write_text(render_review(given), encoding="utf-8")
    driver.get(path.as_uri())
    assert driver.find_element("id", "progress").text  # the script ran


def labels(driver) -> dict:
    return json.loads(driver.execute_script("return window.articleanLabels()"))


def dump_of(found: dict, file: str) -> dict:
    (dump,) = [d for d in found["dumps"] if d["file"] == file]
    return dump


def label_of(dump: dict, line: int) -> dict:
    (label,) = [label for label in dump["labels"] if label["line"] == line]
    return label


def line_element(driver, number: int):
    return driver.find_element("css selector", f'#lines li[data-line="{number}"]')


def decoration(driver, number: int) -> str:
    text = line_element(driver, number).find_element("css selector", ".text")
    return driver.execute_script("return getComputedStyle(arguments[0]).textDecorationLine", text)


def keys(driver, *pressed: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*pressed).perform()


def test_a_click_makes_a_kept_line_noise_and_a_removed_line_body(driver, tmp_path):
    open_page(driver, tmp_path, payload("2026-12-03T21:30:01+00:00"))
    assert labels(driver)["dumps"] == []  # nothing reviewed or corrected yet
    assert decoration(driver, 5) == "none" and "line-through" in decoration(driver, 6)
    assert SCRIPT_BREAKER in line_element(driver, 8).text  # shown as text, not run as markup

    line_element(driver, 5).click()  # a kept line: noise of the current kind, "widget" until one is picked
    assert "line-through" in decoration(driver, 5)
    assert "changed" in line_element(driver, 5).get_attribute("class")
    dump = dump_of(labels(driver), "apnews_3.txt")
    assert label_of(dump, 5) == {"line": 5, "label": "widget"} and dump["corrected"] == [5]

    line_element(driver, 6).click()  # a removed caption: body
    assert decoration(driver, 6) == "none"
    dump = dump_of(labels(driver), "apnews_3.txt")
    assert label_of(dump, 6)["label"] == "body" and dump["corrected"] == [5, 6]
    assert label_of(dump, 10) == {"line": 10, "label": "body", "fixed": "Researchers said the fish was 12 feet long."}
    check_labels_file([dump])

    line_element(driver, 6).click()  # and back: the caption it was, no longer a correction
    dump = dump_of(labels(driver), "apnews_3.txt")
    assert label_of(dump, 6)["label"] == "caption" and dump["corrected"] == [5]
    assert dump | {"labels": None, "body": None, "corrected": None} == {
        "file": "apnews_3.txt", "title": "Rare sea creature washes ashore", "labels": None, "body": None,
        "notes": "reviewed in articlean review", "source": "apnews.com", "source_uri": "/abs/dumps/apnews_3.txt",
        "member": None, "raw_sha256": f"{0:064x}", "doc_id": "doc0", "kind": "text", "raw": payload()["articles"][0]["raw"],
        "corrected": None, "reviewed": False}

    driver.refresh()  # the work survives a reload (kept in the address too: a file:// page's localStorage came back
    # empty after a reload 11 times in 60 under load), and "clear" forgets it
    assert "#work=" in driver.current_url
    assert dump_of(labels(driver), "apnews_3.txt")["corrected"] == [5]
    assert "line-through" in decoration(driver, 5)
    driver.execute_script("window.confirm = () => true")
    driver.find_element("id", "clear").click()
    assert labels(driver)["dumps"] == [] and decoration(driver, 5) == "none" and "#work=" not in driver.current_url


def text_rows(driver, number: int) -> int:
    """How many rows of text the browser drew in the line's text column (the number aside), from a screenshot:
    runs of pixel rows holding anything but the line's background colour."""
    from PIL import Image

    image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    node = line_element(driver, number)
    box = driver.execute_script(
        "const li = arguments[0].getBoundingClientRect(), text = arguments[1].getBoundingClientRect(); "
        "return [text.left, li.top + 4, li.right - 4, li.bottom - 4].map(v => v * devicePixelRatio)",
        node, node.find_element("css selector", ".text"))
    crop = image.crop(tuple(round(v) for v in box))
    background = max(crop.getcolors(1 << 20))[1]
    inked = [any(crop.getpixel((x, y)) != background for x in range(crop.width)) for y in range(crop.height)]
    return sum(1 for y, ink in enumerate(inked) if ink and (y == 0 or not inked[y - 1]))


def shown_parts(driver, number: int) -> list[str]:
    """The line's parts as the page holds them: each child node's text, element or not (a stray text node shows)."""
    return driver.execute_script("return Array.from(arguments[0].childNodes, n => n.textContent)",
                                 line_element(driver, number))


def test_a_removed_line_clicked_back_to_body_shows_no_null_and_clicked_again_its_rule(driver, tmp_path):
    """A line with nothing to say as body (a rule's removal, no model score) had "null" drawn under it: the page
    put a missing tag into the line as text."""
    open_page(driver, tmp_path, payload("2026-12-03T21:30:05+00:00"))
    assert shown_parts(driver, 3) == ["3", "By Jane Doe", "byline \u00b7 byline"] and text_rows(driver, 3) == 2

    line_element(driver, 3).click()  # a byline removed by its rule, no score: body, with nothing but the correction
    assert shown_parts(driver, 3) == ["3", "By Jane Doe", "corrected: the cleaner said byline"]
    assert "null" not in line_element(driver, 3).text
    assert text_rows(driver, 3) == 2  # the text and the correction, no third row

    line_element(driver, 3).click()  # back: the rule's line again
    assert shown_parts(driver, 3) == ["3", "By Jane Doe", "byline \u00b7 byline"] and text_rows(driver, 3) == 2

    # a caption the model removed: as body it says its score; back, its rule, score and reasons
    caption = "The fish on the sand at Grandview Beach. (AP Photo/Sam Roe)"
    line_element(driver, 6).click()
    assert shown_parts(driver, 6) == ["6", caption, "body \u00b7 score 0.91 (threshold 0.62)",
                                      "corrected: the cleaner said caption"]
    line_element(driver, 6).click()
    assert shown_parts(driver, 6) == ["6", caption, "caption \u00b7 model \u00b7 0.91",
                                      "(score 0.91: ends_in_credit +0.40, short -0.05)"]

    keys(driver, "n")  # a kept line no model scored (as every line of an HTML page): its text alone
    assert shown_parts(driver, 1) == ["1", "The council met on Tuesday to vote on the budget."]
    assert text_rows(driver, 1) == 1


def test_keys_move_label_and_save_a_labels_file(driver, tmp_path, downloads):
    from selenium.webdriver.common.keys import Keys

    open_page(driver, tmp_path, payload("2026-12-03T21:30:02+00:00"))
    keys(driver, "n")
    assert "article 2 of 3" in driver.find_element("id", "head").text
    keys(driver, "j", "j", "3")  # the second line (the RTL one) becomes kinds[2]
    keys(driver, "j", "b")  # the third, a removed "related" line, becomes body
    keys(driver, Keys.ARROW_RIGHT, "r", Keys.ARROW_LEFT, Keys.ARROW_LEFT)  # the third article reviewed, back to the first
    assert "article 1 of 3" in driver.find_element("id", "head").text
    keys(driver, Keys.ARROW_DOWN, Keys.SPACE)  # line 1, the title: body
    assert decoration(driver, 1) == "none"

    current = labels(driver)
    assert [d["file"] for d in current["dumps"]] == ["apnews_3.txt", "cbsnews_1.txt", "npr_1.txt"]
    cbs = dump_of(current, "cbsnews_1.txt")
    assert label_of(cbs, 2)["label"] == KINDS[2] and label_of(cbs, 3)["label"] == "body"
    assert cbs["corrected"] == [2, 3] and cbs["member"] == 1 and cbs["title"] is None
    assert dump_of(current, "npr_1.txt")["corrected"] == []  # reviewed, nothing to correct
    assert dump_of(current, "apnews_3.txt")["corrected"] == [1]

    before = set(downloads.glob("labels-*.json"))
    keys(driver, "s")
    deadline, saved = time.monotonic() + 10, set()
    while time.monotonic() < deadline and not saved:
        saved = set(downloads.glob("labels-*.json")) - before
        time.sleep(0.1)
    assert saved, "no labels file was downloaded"
    (path,) = saved
    assert re.fullmatch(rf"labels-{PIPELINE_VERSION[:12]}-\d{{14}}\.json", path.name)
    text = path.read_bytes().decode("utf-8")
    assert RTL in text  # UTF-8 as it is, not \u escapes
    file = json.loads(text)
    assert file["format"] == "articlean-labels/1" and file["pipeline_version"] == PIPELINE_VERSION
    assert file["dataset"] == "data/" and file["saved_at"]
    assert file["dumps"] == current["dumps"]
    check_labels_file(file["dumps"])

    keys(driver, "c")  # the clipboard, or its fallback: either way the page says what happened
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "cop" not in driver.find_element("id", "status").text:
        time.sleep(0.1)
    assert driver.find_element("id", "status").text.startswith(("copied the labels", "could not copy to the clipboard"))


def test_a_screenshot_shows_removed_lines_struck_through_in_their_kinds_colours(driver, tmp_path):
    from PIL import Image

    open_page(driver, tmp_path, payload("2026-12-03T21:30:03+00:00"))
    image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")

    def pixels(number: int, hex_colour: str) -> int:
        """Pixels of the colour (within a small tolerance) inside the line's text, as the browser drew it."""
        text = line_element(driver, number).find_element("css selector", ".text")
        box = driver.execute_script("const r = arguments[0].getBoundingClientRect(); "
                                    "return [r.left, r.top, r.right, r.bottom].map(v => v * devicePixelRatio)", text)
        target = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        crop = image.crop(tuple(round(v) for v in box))
        return sum(n for n, rgb in crop.getcolors(1 << 20)
                   if max(abs(a - b) for a, b in zip(rgb, target, strict=True)) <= 12)

    removed = {1: "title", 3: "byline", 6: "caption", 9: "ad", 12: "footer"}
    shown = {kind for number, kind in removed.items() if pixels(number, PALETTE[kind]) > 40}
    assert len(shown) >= 2 and {"caption", "footer"} <= shown, shown
    # a kept line is plain (the grey of titles is left out: the edges of dark text are greys too)
    assert all(pixels(5, colour) < 5 for kind, colour in PALETTE.items() if kind != "title")


def test_an_empty_sample_says_so(driver, tmp_path):
    open_page(driver, tmp_path, payload("2026-12-03T21:30:04+00:00", articles=[]))
    assert driver.find_element("id", "empty").is_displayed()
    keys(driver, "n", "j", "3", "r")  # no article: the keys do nothing, and nothing breaks
    found = labels(driver)
    assert found["dumps"] == [] and found["pipeline_version"] == PIPELINE_VERSION
