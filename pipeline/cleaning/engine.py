"""The engine: split a dump into lines, let every rule report what it would remove, apply once."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from pipeline.cleaning.columns import MIN_LINES, BatchLines
from pipeline.cleaning.features import FEATURES, batch_line_features
from pipeline.cleaning.model import LineModel, load_model
from pipeline.cleaning.overrides import NO_USER_LINES, RULE, UserLines
from pipeline.cleaning.rules import Line, Page, PatternScan, Verdict, check_settings, steps_for
from pipeline.cleaning.rules.bylines import DATELINE_RULES, NAMED_BYLINE_RULES
from pipeline.cleaning.rules.title import title_text
from pipeline.core.document import Article, Paragraph, Removal
from pipeline.core.settings import DEFAULT_SETTINGS, CleanSettings
from pipeline.core.text import BLANK, line_content

# Rules run again until they find nothing new: a structural rule (what comes after the story's last
# paragraph, a run of menu items) must see the lines that later rules removed, or cleaning the result
# again would find more.
_MAX_PASSES = 5
# The headline is the rules' call on the page as it came. Once the model has removed lines, the first line left may be
# what stood above them, not a headline: Breitbart's "This morning's key headlines from GenerationalDynamics.com" above
# the list of headlines the model took.
_RULES_BEFORE_THE_MODEL = frozenset({"title"})
_COLUMN = {name: k for k, name in enumerate(FEATURES)}


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of a dump, numbered from 1 over the raw text split on "\\n"."""
    text = text.removeprefix("\ufeff")
    lines = []
    for n, raw in enumerate(text.split("\n"), start=1):
        content = line_content(raw)
        if content:  # a Line only for a line with content
            lines.append(Line(n, content, len(raw) - len(raw.lstrip(" \t"))))
    return lines


def judge(text: str, settings: CleanSettings = DEFAULT_SETTINGS, *, extract_title: bool = True,
          boilerplate: Collection[int] = frozenset(), user: UserLines = NO_USER_LINES, source: str | None = None) -> Page:
    """Run every rule over the dump until a pass adds nothing, then the learned model over what the rules left,
    the rules again after it, and so on until neither finds more; the page holds each line's verdicts. The
    user's overrides (`user`) come first: their lines are decided before any rule looks. `source` picks the
    model's trees for that source, when training on a user's labels gave it some."""
    return judge_batch([text], settings, extract_title=extract_title, boilerplate=[boilerplate], users=[user],
                       sources=[source])[0]


def judge_batch(texts: Sequence[str], settings: CleanSettings = DEFAULT_SETTINGS, *, extract_title: bool = True,
                boilerplate: Sequence[Collection[int]] | None = None, users: Sequence[UserLines] | None = None,
                sources: Sequence[str | None] | None = None) -> list[Page]:
    """`judge` for each text of a batch, page for page the same verdicts: a batch of MIN_LINES lines or more asks the
    rules' patterns of all its lines at once (`_share_lines`), and each model pass computes the features of every
    page still finding more at once and scores them together (`LineModel.scores`: in runs of ROWS_AT_ONCE lines)."""
    check_settings(settings)
    count = len(texts)
    boilerplate = boilerplate if boilerplate is not None else [frozenset()] * count
    users = users if users is not None else [NO_USER_LINES] * count
    sources = sources if sources is not None else [None] * count
    if not len(boilerplate) == len(users) == len(sources) == count:
        raise ValueError(f"clean_batch: {count} texts, but {len(boilerplate)} boilerplate sets, {len(users)} user "
                         f"line sets and {len(sources)} sources: give one of each per text (or none)")
    pages = [Page(split_lines(text), settings, extract_title, boilerplate=learned) for text, learned in
             zip(texts, boilerplate, strict=True)]
    _share_lines(pages)
    models, skips = [], []
    for page, user, source in zip(pages, users, sources, strict=True):
        if user:
            _apply_user_lines(page, user)
        model = _model_for(source) if settings.model else None
        skipped = settings.disabled_rules | (settings.model_replaces if model is not None else frozenset())
        _run_rules(page, skipped, first=True)
        models.append(model)
        skips.append(skipped)
    # Until a pass removes nothing, which is what makes cleaning a result again remove nothing: a line the model
    # removes changes its neighbours' features, and one removal can lead to another. Each pass but the last removes a
    # line, so the page's length bounds them; on the corpora's 2,763 WCXB and fundus dumps 80% of pages took one or
    # two passes and none more than 20. Each pass runs over the pages of the batch that still find more, together.
    going = list(range(len(pages)))
    while going:
        found = _model_pass([pages[k] for k in going], [models[k] for k in going])
        going = [k for k, again in zip(going, found, strict=True) if again]
        for k in going:
            _run_rules(pages[k], skips[k] | _RULES_BEFORE_THE_MODEL, first=False)
    return pages


def _share_lines(pages: list[Page]) -> None:
    """Give a batch of at least MIN_LINES lines one table of them, so that the rules' patterns are asked of all its
    lines at once (`pipeline.cleaning.columns`); a smaller batch asks them line by line, which costs less there."""
    if sum(len(page.lines) for page in pages) < MIN_LINES:
        return
    texts = [line.text for page in pages for line in page.lines]
    batch = BatchLines(texts)
    offset = 0
    for page in pages:
        page.batch, page.offset = batch, offset
        offset += len(page.lines)


def _model_pass(pages: list[Page], models: list[LineModel | None]) -> list[bool]:
    """One pass of the model over every page given that has a model, each page as it stands (`model_view`): the
    features of all their lines in runs of pages (`batch_line_features`), the scores of all the lines of each model
    in one call (a source's own trees make another model). True for each page where it removed a line."""
    views = [model_view(page) if model is not None else ([], []) for page, model in zip(pages, models, strict=True)]
    scored = [k for k, (view, _) in enumerate(views) if len(view) >= 2]  # a page of one line is its article
    features = batch_line_features([views[k][1] for k in scored])
    scores: dict[int, np.ndarray] = {}
    by_model: dict[int, list[int]] = {}
    for at, k in enumerate(scored):
        by_model.setdefault(id(models[k]), []).append(at)
    for ats in by_model.values():
        together = models[scored[ats[0]]].scores(np.vstack([features[at] for at in ats]))
        bounds = np.cumsum([0, *(len(features[at]) for at in ats)])
        for at, lo, hi in zip(ats, bounds[:-1], bounds[1:], strict=True):
            scores[at] = together[lo:hi]
    found = [False] * len(pages)
    for at, k in enumerate(scored):
        view, texts = views[k]
        found[k] = _apply_model(pages[k], view, texts, features[at], scores[at], models[k])
    return found


def _model_for(source: str | None) -> LineModel | None:
    model = load_model()
    return model.for_source(source) if model is not None else None


def _apply_user_lines(page: Page, user: UserLines) -> None:
    """Lines the user marked: removed ones recorded under rule `user`, kept ones pinned so that no rule or
    model pass claims them or a piece of them."""
    pinned = set()
    for i, line in enumerate(page.lines):
        said = user.verdict_of(line.text)
        if said is None:
            continue
        action, kind = said
        if action == "remove":
            page.whole[i] = Verdict(i, kind, RULE)
            if kind == "title" and page.extract_title and page.title_index is None:
                page.title_index = i  # the user named the headline: the title rule looks no further
        else:
            pinned.add(i)
    page.pinned = frozenset(pinned)


def _run_rules(page: Page, skipped: frozenset[str], first: bool) -> None:
    """Rules (but the `skipped` ones) until a pass adds nothing. After the first pass only the contextual ones
    can find more."""
    for n in range(_MAX_PASSES):
        before = (len(page.whole), sum(len(c) for c in page.cuts.values()))
        for step in steps_for(page.settings):
            if isinstance(step, PatternScan):  # text rules: they find all they can in the first pass
                verdicts = step.find(page, skipped) if first and not n else ()
            elif step.name in skipped or ((n or not first) and not step.contextual):
                continue
            else:
                verdicts = step.find(page)
            for verdict in verdicts:
                _record(page, verdict)
        if (len(page.whole), sum(len(c) for c in page.cuts.values())) == before:
            break


def model_view(page: Page) -> tuple[list[int], list[str]]:
    """The page as it stands, for the model: the lines no verdict removed, with the pieces cut from them gone.
    Cleaning the result again sees the same lines, so the model scores them the same (idempotence)."""
    view, texts = [], []
    for i in range(len(page.lines)):
        if i not in page.whole:
            kept = page.kept_text(i)
            if kept:
                view.append(i)
                texts.append(kept)
    return view, texts


def _apply_model(page: Page, view: list[int], texts: list[str], X: np.ndarray, scores: np.ndarray,
                 model: LineModel) -> bool:
    """Remove the lines of the page's model view (`view`, their `texts`, features `X`) that score at least the
    threshold; True when it removed one."""
    threshold = page.settings.model_threshold or model.threshold
    whole_article = page.settings.whole_article_share * sum(map(len, texts))
    found = False
    body = X[int(np.argmin(scores))]  # the page's most body-like line
    noise = np.flatnonzero(scores >= threshold)
    # the kinds and scores of all the lines at once: a page's model removes dozens
    for k, kind, score in zip(noise.tolist(), kinds_by_place(X, noise), scores[noise].tolist(), strict=True):
        if len(texts[k]) >= whole_article:
            continue
        i = view[k]
        if i in page.pinned:
            continue
        page.whole[i] = Verdict(i, kind, "model", score=round(score, 4))
        # for `explain`: what decided, against the page's most body-like line
        page.cache.setdefault("model_features", {})[i] = (X[k], body)
        found = True
    return found


def kinds_by_place(X: np.ndarray, rows: np.ndarray) -> list[str]:
    """The gold kind of each line (`rows` of X) the model removed, from its words and its place: a line about a
    picture is a caption, one naming an agency a credit; before the story's first paragraph page chrome
    (widget), after its last one furniture (footer), inside it a link to another story (related). The first of
    the tests that holds names the kind; all rows in one NumPy pass."""
    picked = X[rows]

    def column(name: str) -> np.ndarray:
        return picked[:, _COLUMN[name]]

    tests = [(column("has_picture") != 0) & (column("in_main_block") != 0),
             (column("has_agency") != 0) & (column("words") <= 12),
             column("before_first_prose") != 0,
             column("after_last_prose") != 0]
    return np.select(tests, ["caption", "credit", "widget", "footer"], "related").tolist()


def _record(page: Page, verdict: Verdict) -> None:
    if verdict.index in page.pinned:
        return
    if verdict.cut is None:
        page.whole.setdefault(verdict.index, verdict)
        return
    if verdict.index in page.whole:
        return
    start, end = verdict.cut
    existing = page.cuts.setdefault(verdict.index, [])
    if all(end <= s or start >= e for s, e in (v.cut for v in existing)) and verdict not in existing:
        existing.append(verdict)


def clean(text: str, settings: CleanSettings = DEFAULT_SETTINGS, *, extract_title: bool = True,
          boilerplate: Collection[int] = frozenset(), user: UserLines = NO_USER_LINES,
          source: str | None = None) -> Article:
    """Clean one dump. Never raises on a str; every non-blank line ends in the body or in `removed`.

    `extract_title=False` treats the first line as body material, for re-cleaning text that has no
    headline any more (an earlier result's body). `boilerplate` holds lines learned across the
    document's source (`pipeline.ingest.boilerplate`), as hashes of their normalised text; `user` the source's
    overrides (`pipeline.cleaning.overrides`); `source` its name, for the model's trees of that source.
    """
    return _article(judge(text, settings, extract_title=extract_title, boilerplate=boilerplate, user=user,
                          source=source))


def clean_batch(texts: Sequence[str], settings: CleanSettings = DEFAULT_SETTINGS, *, sources: Sequence[str | None] | None = None,
                extract_title: bool = True, boilerplate: Sequence[Collection[int]] | None = None,
                users: Sequence[UserLines] | None = None) -> list[Article]:
    """Clean a batch of dumps: `[clean(text, ...) for text in texts]`, article for article the same, with the
    model's work done over the batch at once (a batch of hundreds is where it pays). `sources`, `boilerplate` and
    `users`, when given, hold one entry per text (its source's name, learned lines and overrides, as `clean` takes
    them). Never raises on a sequence of str."""
    return [_article(page) for page in judge_batch(texts, settings, extract_title=extract_title,
                                                    boilerplate=boilerplate, users=users, sources=sources)]


def _article(page: Page) -> Article:
    """The article a judged page makes: its kept lines as paragraphs, every removal with its kind and rule."""
    paragraphs: list[Paragraph] = []
    removed: list[Removal] = []
    for i, line in enumerate(page.lines):
        verdict = page.whole.get(i)
        if verdict is not None:
            removed.append(Removal(line.number, verdict.kind, verdict.rule, line.text, verdict.score))
            continue
        for cut in sorted(page.cuts.get(i, ()), key=lambda v: v.cut[0]):
            start, end = cut.cut
            removed.append(Removal(line.number, cut.kind, cut.rule, line.text[start:end].strip(BLANK)))
        kept = page.kept_text(i)
        if kept:
            paragraphs.append(Paragraph(line.number, kept))
    return Article(
        title=_title(page),
        paragraphs=paragraphs,
        removed=removed,
        byline=next((r.text for r in removed if r.rule in NAMED_BYLINE_RULES), None),
        date=next((r.text for r in removed if r.rule in DATELINE_RULES), None),
    )


def _title(page: Page) -> str | None:
    if page.title_index is None:
        return None
    return title_text(page.lines[page.title_index].text)


def explain_lines(text: str, settings: CleanSettings = DEFAULT_SETTINGS, user: UserLines = NO_USER_LINES,
                  source: str | None = None) -> list[tuple[int, str, str | None, str | None, str]]:
    """Each raw line with the kind and rule that removed it (None, None for body and blank lines), and for a
    line the model removed, its score and the features that decided it. A line with a piece cut out is marked
    with the cut's kind and rule, prefixed by "part:"."""
    page = judge(text, settings, user=user, source=source)
    by_number = {line.number: i for i, line in enumerate(page.lines)}
    decided = page.cache.get("model_features", {})
    model = _model_for(source)
    rows = []
    for number, raw in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        i = by_number.get(number)
        verdict = page.whole.get(i) if i is not None else None
        cuts = page.cuts.get(i, []) if i is not None else []
        if verdict:
            why = ""
            if verdict.score is not None and i in decided and model is not None:
                reasons = ", ".join(f"{name} {effect:+.2f}" for name, effect in model.reasons(*decided[i]))
                why = f"score {verdict.score:.2f}: {reasons}"
            rows.append((number, raw.rstrip("\r"), verdict.kind, verdict.rule, why))
        elif cuts:
            rows.append((number, raw.rstrip("\r"), "part:" + cuts[0].kind, cuts[0].rule, ""))
        else:
            rows.append((number, raw.rstrip("\r"), None, None, ""))
    return rows
