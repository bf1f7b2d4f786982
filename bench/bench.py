"""Throughput benchmark: one command, one table, every figure measured in the same run on the same corpus.

    python bench/bench.py --docs 10000

1. the cleaning core alone, in memory, one process: documents/s and MB/s per core;
   1b. the core against datatrove's C4 line filter on the same texts: the corpus dumps and the labelled dumps;
2. `articlean ingest` end to end (files on disk to Parquet): wall time, MB/s, peak RSS of the process tree;
3. the floor: the same files read and written to Parquet with pyarrow, no cleaning; and the ratio of 2 to 3;
4. a peer doing the nearest job: datatrove's pipeline with its C4 line filter over the same documents as
   JSONL (documents/s, and its filter alone in memory, one process, against line 1);
5. the HTML path: pages/s of the pipeline against trafilatura alone on the same pages;
6. Prefect's overhead: the same batches called as plain functions in a process pool, against the flow;
7. start-up: where the wall time of a one-document ingest goes, phase by phase, against `articlean clean`;
8. near-duplicate signatures: MB/s per core of clean text (shingling and MinHash), in this one process.

The peer needs `pip install -e ".[bench]"` (datatrove and regex); without it, line 4 says so.

The corpus is real text (`--corpus real`, the default): the 29 labelled dumps and the 6,993 dumps of
../shared/corpus (when it is there), taken in turn, each copy made unique by one inserted sentence. Generated
text (`--corpus generated`: the labelled dumps' body paragraphs in a new order, with their noise lines
inserted) is about 4x easier to clean and is kept for scale tests.

`--profile` prints where the cleaning core's time goes (cProfile over the corpus's first 1,000 documents:
the functions with the most time of their own, then the rules and stages by cumulative time) and stops.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from proctree import TreeMemory, run_measured

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "data" / "labelled"
HTML_SAMPLE = ROOT / "tests" / "data" / "wcxb"
CORPUS = ROOT.parent / "shared" / "corpus"


def pieces() -> tuple[list[str], list[str], list[str]]:
    """Body paragraphs, noise lines and titles of the labelled dumps."""
    body, noise, titles = [], [], []
    for gold_path in sorted((LABELLED / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        lines = (LABELLED / "dumps" / gold["file"]).read_text(encoding="utf-8").split("\n")
        for label in gold["labels"]:
            text = lines[label["line"] - 1].strip()
            if label["label"] == "body" and "fixed" not in label:
                body.append(text)
            elif label["label"] == "title":
                titles.append(text)
            elif label["label"] in ("caption", "credit", "footer", "related", "ad", "widget", "byline"):
                noise.append(text)
    return body, noise, titles


def generate(folder: Path, docs: int, seed: int = 1) -> int:
    """Write `docs` dumps under `folder`; returns their total size in bytes."""
    rng = random.Random(seed)
    body, noise, titles = pieces()
    total = 0
    for n in range(docs):
        paragraphs = rng.sample(body, k=rng.randint(8, 20))
        for _ in range(rng.randint(2, 6)):
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(noise))
        text = "\n\n".join([rng.choice(titles), *paragraphs, f"Generated paragraph {n} closes this article."]) + "\n"
        path = folder / f"{n // 1000:03d}" / f"doc-{n:07d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def real_texts() -> list[str]:
    """The labelled dumps and, when it is there, every dump of the line-labelled corpus."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((LABELLED / "dumps").glob("*.txt"))]
    if (CORPUS / "dumps.jsonl.gz").exists():
        from pipeline.quality.corpus import read_corpus

        texts += [dump.text for dump in read_corpus(CORPUS)]
    else:  # the figures then describe 29 stories copied over and over, not the corpus: say so
        print(f"bench: {CORPUS} not found: the corpus is the {len(texts)} labelled dumps only, each copied many "
              "times (a syndicated-text case, not the bench's real corpus)", file=sys.stderr)
    return texts


def copy_real(folder: Path, docs: int) -> int:
    """Write `docs` real dumps under `folder`, the sources taken in turn, each with one sentence that makes it
    unique inserted after its first paragraph; returns their total size in bytes."""
    texts = real_texts()
    total = 0
    for n in range(docs):
        head, sep, rest = texts[n % len(texts)].partition("\n\n")
        text = f"{head}{sep}This is copy {n} of the benchmark's corpus.\n\n{rest}" if sep else f"{head}\n\nCopy {n}.\n"
        path = folder / f"{n // 1000:03d}" / f"doc-{n:07d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


def profile(folder: Path, limit: int = 1000, top: int = 25) -> None:
    """Where the cleaning core's time goes: own time per function, then cumulative time per function."""
    import cProfile
    import pstats

    from pipeline import clean

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))[:limit]]
    clean(texts[0])  # imports and caches warm
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        clean(text)
    profiler.disable()
    size = sum(len(t.encode("utf-8")) for t in texts)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    total = stats.total_tt
    print(f"cleaning core, {len(texts)} documents, {size / 1e6:.1f} MB: {total:.2f} s under the profiler "
          f"({total / len(texts) * 1e3:.2f} ms per document)\n")
    print(f"top {top} by own time:")
    stats.sort_stats("tottime").print_stats(top)
    print(f"top {top} by cumulative time:")
    stats.sort_stats("cumulative").print_stats(top)


def core(folder: Path, limit: int = 3000) -> tuple[float, float]:
    """Documents/s and MB/s of `clean` alone, in memory, in this one process."""
    from pipeline import clean

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))[:limit]]
    size = sum(len(t.encode("utf-8")) for t in texts)
    started = time.perf_counter()
    for text in texts:
        clean(text)
    seconds = time.perf_counter() - started
    return len(texts) / seconds, size / seconds / 1e6


def minhash(folder: Path, limit: int = 3000) -> tuple[float, float]:
    """MB/s and texts/s per core of near-duplicate signatures (word 5-gram shingles + MinHash) over clean texts."""
    from pipeline import clean
    from pipeline.dedup.minhash import signature

    texts = [clean(p.read_text(encoding="utf-8")).body for p in sorted(folder.rglob("*.txt"))[:limit]]
    size = sum(len(t.encode("utf-8")) for t in texts)
    started = time.perf_counter()
    for text in texts:
        signature(text)
    seconds = time.perf_counter() - started
    return size / seconds / 1e6, len(texts) / seconds


def ingest(folder: Path, dest: Path, workers: int) -> tuple[float, TreeMemory]:
    """Wall seconds and peak memory of `articlean ingest`, the whole process tree."""
    exe = Path(sys.executable).with_name("articlean")
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)
    started = time.perf_counter()
    run, memory = run_measured([str(exe), "ingest", str(folder), str(dest), "--workers", str(workers)], interval=0.2, env=env)
    if run.returncode:
        raise SystemExit(f"ingest failed: {run.stderr[-2000:]}")
    return time.perf_counter() - started, memory


def startup(work: Path, runs: int = 3) -> list[tuple[str, str]]:
    """Where the wall time of a one-document ingest goes (the seed dump, as a scheduled run that finds one new
    dump pays it): a first run in a new PREFECT_HOME, then the median of `runs` runs on the migrated home, by
    phase (ARTICLEAN_TIMINGS), against `articlean clean` of the same file."""
    import statistics

    exe = Path(sys.executable).with_name("articlean")
    seed = ROOT / "seeds"
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect-home"), "ARTICLEAN_TIMINGS": "1"}
    env.pop("PREFECT_API_URL", None)

    def timed(command: list[str]) -> tuple[float, dict[str, float]]:
        shutil.rmtree(work / "startup-out", ignore_errors=True)
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
        phases = {}
        for line in done.stderr.splitlines():
            if line.startswith("articlean timing: "):
                seconds, what = line.removeprefix("articlean timing: ").split(" ", 1)
                phases[what] = float(seconds)
        return wall, phases

    ingest_cmd = [str(exe), "ingest", str(seed), str(work / "startup-out")]
    shutil.rmtree(work / "prefect-home", ignore_errors=True)  # a first run, even in a --keep folder used before
    first, _ = timed(ingest_cmd)
    warm = [timed(ingest_cmd) for _ in range(runs)]
    clean_s = statistics.median(timed([str(exe), "clean", str(next(seed.iterdir()))])[0] for _ in range(runs))
    wall = statistics.median(w for w, _ in warm)
    rows = [("7. start-up: one-document ingest", f"first run in a new PREFECT_HOME {first:.1f} s; then {wall:.1f} s "
                                                 f"(median of {runs}); `articlean clean` of the same file {clean_s:.2f} s")]
    names = list(warm[0][1])
    accounted = 0.0
    for name in names:
        seconds = statistics.median(p.get(name, 0.0) for _, p in warm)
        if not name.startswith("  "):
            accounted += seconds
        rows.append((f"   {name}", f"{seconds:.2f} s"))
    rows.append(("   Python start and exit (the rest)", f"{wall - accounted:.2f} s"))
    return rows


def floor(folder: Path, dest: Path, batch: int = 500) -> float:
    """Wall seconds to read the same files and write them to Parquet (zstd) with pyarrow, no cleaning."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    started = time.perf_counter()
    paths = sorted(folder.rglob("*.txt"))
    dest.mkdir(parents=True, exist_ok=True)
    for n in range(0, len(paths), batch):
        chunk = paths[n : n + batch]
        table = pa.table({"source_uri": [str(p) for p in chunk], "text": [p.read_text(encoding="utf-8") for p in chunk]})
        pq.write_table(table, dest / f"part-{n:08d}.parquet", compression="zstd")
    return time.perf_counter() - started


def plain(folder: Path, dest: Path, workers: int) -> float:
    """Wall seconds of the ingest's own batch functions called as plain functions in a process pool, without
    Prefect: the same work as the flow (count lines for the learned boilerplate, clean, commit, link
    duplicates), so that the difference is Prefect's."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from dataclasses import replace

    from pipeline.core.settings import IngestSettings
    from pipeline.dataset.ledger import read_ledger
    from pipeline.dataset.tables import Dataset, commit
    from pipeline.dedup.exact import fix_duplicates
    from pipeline.ingest.batch import BatchResult, RunContext, count_batch, learn_boilerplate, plan_batches, process_batch
    from pipeline.io.readers import discover

    started = time.perf_counter()
    ctx = RunContext(dest=str(dest), run_id="plain")
    dataset = Dataset(dest)
    with dataset.lock():
        files, _ = discover(str(folder))
        read_ledger(dataset)
        batches = plan_batches(files, IngestSettings(), workers)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            counted = [future.result() for future in [pool.submit(count_batch, b, ctx.settings) for b in batches]]
            ctx = replace(ctx, boilerplate=learn_boilerplate(str(dest), counted, time.time_ns()).lines)
            totals = BatchResult()
            for future in [pool.submit(process_batch, b, {}, set(), ctx, False, False) for b in batches]:
                commit(future.result().staged, ctx.dest)
                totals.add(future.result())
        fix_duplicates(str(dest), totals.signatures)
    return time.perf_counter() - started


def datatrove_rates(folder: Path, work: Path, workers: int, limit: int = 3000) -> tuple[float, float, float] | str:
    """datatrove's C4 quality filter (the line filter of C4, as FineWeb and others run it): documents/s of
    its whole pipeline (JSONL in, filter, JSONL out, `workers` processes), of the filter alone in memory
    in one process, and the share of lines it keeps. The page-level "at least 5 sentences" check is off
    (`min_num_sentences=-1`): it needs NLTK's punkt model, which would be downloaded at run time."""
    try:
        from datatrove.data import Document
        from datatrove.executor import LocalPipelineExecutor
        from datatrove.pipeline.filters import C4QualityFilter
        from datatrove.pipeline.readers import JsonlReader  # datatrove 0.10; datatrove.pipeline.io.readers before
        from datatrove.pipeline.writers import JsonlWriter
    except ImportError as err:
        return f"not run: datatrove is not installed ({err}); pip install -e \".[bench]\""

    paths = sorted(folder.rglob("*.txt"))
    shards = work / "jsonl"
    shards.mkdir(parents=True, exist_ok=True)
    outs = [open(shards / f"shard-{k:02d}.jsonl", "w", encoding="utf-8") for k in range(workers)]
    texts = []  # the first `limit`, for the filter alone
    for n, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        outs[n % workers].write(json.dumps({"id": str(n), "text": text}) + "\n")
        if n < limit:
            texts.append(text)
    for out in outs:
        out.close()

    c4 = C4QualityFilter(min_num_sentences=-1)
    kept_lines = 0
    started = time.perf_counter()
    for n, text in enumerate(texts):
        doc = Document(text=text, id=str(n))
        if c4.filter(doc) is True:
            kept_lines += doc.text.count("\n") + 1
    filter_rate = len(texts) / (time.perf_counter() - started)
    total_lines = sum(sum(1 for line in t.split("\n") if line.strip()) for t in texts)

    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(shards)), C4QualityFilter(min_num_sentences=-1), JsonlWriter(str(work / "c4-out"))],
        tasks=workers, workers=workers, logging_dir=str(work / "c4-logs"), skip_completed=False)
    from loguru import logger

    logger.remove()  # datatrove's own progress and stats: this table says what matters
    started = time.perf_counter()
    executor.run()
    pipeline_rate = len(paths) / (time.perf_counter() - started)
    return pipeline_rate, filter_rate, kept_lines / max(total_lines, 1)


def stack_filters() -> list:
    """The text filter stack a datatrove user runs over text (FineWeb's, but for its language and URL filters): C4's
    line filter, then Gopher's quality and repetition filters and FineWeb's quality filter; the word tokenizer is
    spaCy's, as datatrove assigns it for English."""
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    return [C4QualityFilter(min_num_sentences=-1), GopherRepetitionFilter(), GopherQualityFilter(), FineWebQualityFilter()]


def run_stack(filters: list, text: str, n: int, drop: bool = True) -> bool:
    """One document through the stack as datatrove's pipeline takes it: each filter sees the text the one before
    left (C4's filter removes lines), and a document one filter drops goes no further; with `drop=False` every
    filter judges every document (what a user measuring each filter's verdict pays)."""
    from datatrove.data import Document

    document, kept_all = Document(text=text, id=str(n)), True
    for step in filters:
        if not document.text.strip():  # C4's filter removed every line: nothing left to judge (Gopher's divides by it)
            return False
        kept = step.filter(document)
        if kept is not True and not (isinstance(kept, tuple) and kept[0]):
            kept_all = False
            if drop:
                return False
    return kept_all


def versus_c4(limit: int = 1500, rounds: int = 2) -> list[tuple[str, str]]:
    """The cleaning core against datatrove on the same texts, in this one process, per core: CPU seconds of the
    process (`time.process_time`, so a multi-threaded kernel is not flattered), best of `rounds`, taken in turn so
    that all see the same machine. Against C4's line filter alone (the bar: the issue's target is a ratio of at
    least 1.0) and against the text filter stack (`stack_filters`). Texts: the first `limit` dumps of
    ../shared/corpus, and the labelled dumps."""
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter
    except ImportError as err:
        return [("1b. core vs datatrove", f"not run: datatrove is not installed ({err})")]
    from pipeline import clean, clean_batch

    sets = [("labelled dumps", [p.read_text(encoding="utf-8") for p in sorted((LABELLED / "dumps").glob("*.txt"))])]
    if (CORPUS / "dumps.jsonl.gz").exists():
        from pipeline.quality.corpus import read_corpus

        corpus = []
        for dump in read_corpus(CORPUS):
            corpus.append(dump.text)
            if len(corpus) == limit:
                break
        sets.insert(0, (f"first {len(corpus):,} corpus dumps", corpus))
    c4 = C4QualityFilter(min_num_sentences=-1)
    try:
        stack = stack_filters()
        run_stack(stack, "A first sentence to load the word tokenizer.", 0)
    except Exception as err:  # noqa: BLE001 - spaCy missing or its tokenizer unloadable: the C4 line still stands
        stack, why = None, f"{type(err).__name__}: {err}"

    def per_document(texts: list[str]) -> None:
        for text in texts:
            clean(text)

    def batched(texts: list[str], size: int = 500) -> None:  # ingest's batch size
        for at in range(0, len(texts), size):
            clean_batch(texts[at : at + size])

    def c4_filter(texts: list[str]) -> None:
        for n, text in enumerate(texts):
            c4.filter(Document(text=text, id=str(n)))

    def the_stack(texts: list[str]) -> None:
        for n, text in enumerate(texts):
            run_stack(stack, text, n)

    def every_filter(texts: list[str]) -> None:
        for n, text in enumerate(texts):
            run_stack(stack, text, n, drop=False)

    engines = {"clean": per_document, "batch": batched, "c4": c4_filter,
               **({"stack": the_stack, "every": every_filter} if stack else {})}
    rows = []
    for name, texts in sets:
        size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        best = dict.fromkeys(engines, math.inf)
        for _ in range(rounds):
            for engine, work in engines.items():
                started = time.process_time()
                work(texts)
                best[engine] = min(best[engine], time.process_time() - started)
        ms = {key: 1000 * value / len(texts) for key, value in best.items()}
        ours = min(best["clean"], best["batch"])
        rows.append((f"1b. core vs C4 filter, {name}",
                     f"{len(texts):,} dumps, {size:.1f} MB, CPU ms a dump: articlean clean() {ms['clean']:.2f}, clean_batch() "
                     f"{ms['batch']:.2f}, C4 line filter {ms['c4']:.2f}; ratio {best['c4'] / ours:.3f} (target >= 1.0)"))
        stack_row = (f"text filter stack (C4, Gopher repetition and quality, FineWeb quality; spaCy words) {ms['stack']:.2f} "
                     f"CPU ms a dump as a pipeline drops, {ms['every']:.2f} with every filter on every dump; ratio "
                     f"{best['stack'] / ours:.2f} / {best['every'] / ours:.2f} (target >= 30)" if stack
                     else f"not run: {why} (pip install spacy)")
        rows.append((f"1c. core vs filter stack, {name}", stack_row))
    return rows


def html_rates(folder: Path, rounds: int = 5) -> tuple[float, float]:
    """Pages/s of the HTML path (trafilatura + rules) and of trafilatura alone doing the same extraction (the
    same settings, with the metadata the dataset needs), on the same pages."""
    import trafilatura

    from pipeline.cleaning.html import clean_html

    pages = [(p / "page.html").read_text(encoding="utf-8", errors="replace") for p in sorted(folder.iterdir())
             if (p / "page.html").exists()]
    clean_html(pages[0])  # imports and caches warm for both
    alone = pipeline = 0.0
    for _ in range(rounds):  # interleaved rounds, so that a busy moment of the machine hits both alike
        started = time.perf_counter()
        for html in pages:
            trafilatura.bare_extraction(html, include_comments=False, favor_recall=True, with_metadata=True)
        alone += time.perf_counter() - started
        started = time.perf_counter()
        for html in pages:
            clean_html(html)
        pipeline += time.perf_counter() - started
    return len(pages) * rounds / pipeline, len(pages) * rounds / alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10000, help="documents in the generated corpus")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="worker processes for ingest")
    parser.add_argument("--html", type=Path, default=HTML_SAMPLE, help="folder of pages for the HTML figures")
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus and outputs in this folder")
    parser.add_argument("--startup-only", action="store_true", help="only line 7, the start-up breakdown")
    parser.add_argument("--corpus", choices=("real", "generated"), default="real",
                        help="real dumps made unique (default), or generated text for scale tests")
    parser.add_argument("--profile", action="store_true", help="print where the cleaning core's time goes, and stop")
    parser.add_argument("--versus-only", action="store_true", help="only lines 1b and 1c: the core against datatrove's filters")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="articlean-bench-"))
    if args.startup_only:
        print_table(startup(work))
        return
    if args.versus_only:
        print_table(versus_c4())
        return
    corpus = work / "corpus"
    shutil.rmtree(work / "out", ignore_errors=True)
    if corpus.exists():
        shutil.rmtree(corpus)
    size = copy_real(corpus, args.docs) if args.corpus == "real" else generate(corpus, args.docs)
    mb = size / 1e6
    if args.profile:
        profile(corpus)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return
    docs_s, core_mb_s = core(corpus)
    minhash_mb_s, minhash_texts_s = minhash(corpus)
    floor_s = floor(corpus, work / "out" / "floor")
    ingest_s, memory = ingest(corpus, work / "out" / "ingest", args.workers)
    plain_s = plain(corpus, work / "out" / "plain", args.workers)
    html_pipeline, html_alone = html_rates(args.html)
    peer = datatrove_rates(corpus, work / "out" / "datatrove", args.workers)
    if isinstance(peer, str):
        peer_row = peer
    else:
        peer_row = (f"pipeline {peer[0]:,.0f} docs/s on {args.workers} processes; C4 filter alone {peer[1]:,.0f} docs/s "
                    f"per core, keeping {peer[2]:.0%} of lines; articlean core / C4 filter {docs_s / peer[1]:.3f}")

    rows = [
        ("corpus", f"{args.docs:,} {args.corpus} documents, {mb:.1f} MB, {args.workers} workers, {os.cpu_count()} cores"),
        ("1. cleaning core, one process", f"{docs_s:,.0f} docs/s, {core_mb_s:.2f} MB/s per core"),
        *versus_c4(),
        ("2. articlean ingest, end to end", f"{ingest_s:.1f} s, {mb / ingest_s:.2f} MB/s, peak RSS {memory.peak_kb / 1024:,.0f} MB "
                                              f"(PSS {memory.peak_pss_kb / 1024:,.0f} MB)"),
        ("3. floor: pyarrow read + write", f"{floor_s:.1f} s, {mb / floor_s:.2f} MB/s; ingest/floor {floor_s / ingest_s:.3f}"),
        ("4. peer: datatrove + C4 filter", peer_row),
        ("5. HTML path", f"{html_pipeline:.1f} pages/s vs trafilatura alone {html_alone:.1f} pages/s "
                         f"({html_pipeline / html_alone:.2f}x)"),
        ("6. Prefect overhead", f"plain functions {plain_s:.1f} s vs flow {ingest_s:.1f} s: "
                                f"{(ingest_s - plain_s) / ingest_s:.1%} of the flow's wall time"),
        ("8. near-duplicates: MinHash", f"{minhash_mb_s:.1f} MB/s of clean text per core ({minhash_texts_s:,.0f} texts/s): "
                                        "word 5-grams and 128 hashes (rensa)"),
        *startup(work),
    ]
    print_table(rows)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def print_table(rows: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
