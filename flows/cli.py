"""`articlean clean | explain | eval | train | review | override | ingest | backfill | export | report | serve`: the
command line.

clean, explain and eval never import Prefect, so they start fast; the others import it when they run.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from flows import arguments
from pipeline.cleaning.decode import Decoded, DecodeError, decode
from pipeline.cleaning.engine import clean, explain_lines
from pipeline.core import __version__
from pipeline.core.settings import DEFAULT_SETTINGS, CleanSettings
from pipeline.publish.wording import counted

STARTED = time.monotonic()  # when this module was imported: the command's start, near enough

# Where `articlean eval` looks for labelled dumps when no folder is given: the repository's copy.
DEFAULT_LABELLED = Path("tests/data/labelled")
DEFAULT_HTML = Path("tests/data/wcxb")


class InputError(Exception):
    """One input could not be read or decoded; the message says which and why."""


def command() -> int:
    """The `articlean` program (`python -m flows.cli` too): `main` in a process of its own, whose pyarrow allocates
    with malloc (`arrow_on_malloc`, first: before pyarrow's first buffer) and never imports pandas
    (`arrow_without_pandas`: 50 MB a process). Tests call `main` in theirs, which may use pandas."""
    from pipeline.core.machine import arrow_on_malloc, arrow_without_pandas

    arrow_on_malloc()
    arrow_without_pandas()
    return main()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    argv = sys.argv[1:] if argv is None else argv
    unknown_option = arguments.unknown_option(parser.commands, argv)
    if unknown_option:
        parser.exit(2, unknown_option + "\n")
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # said by the subcommand, not the top level
        parser.commands[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        return args.run(args)
    except BrokenPipeError:  # `articlean clean ... | head`
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    # no abbreviations: `--worker 2` is a typo, not --workers (`arguments.unknown_option` says which was meant)
    parser = arguments.Parser(prog="articlean", description=__doc__, allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"articlean {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    parser.commands = {}

    class Commands:
        def add_parser(self, name: str, **kwargs) -> argparse.ArgumentParser:
            parser.commands[name] = subparsers.add_parser(name, allow_abbrev=False, **kwargs)
            return parser.commands[name]

    commands = Commands()

    p = commands.add_parser("clean", help="print the clean body of each dump")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="dumps as ingest reads them (.txt, .jsonl, .html pages through trafilatura, .warc; each also .gz), or folders "
                        "of them; - reads standard input")
    p.add_argument("--format", choices=("text", "jsonl"), default="text", help="text: the body; jsonl: one JSON object per input")
    _add_source(p)
    _add_rules(p)
    p.set_defaults(run=run_clean)

    p = commands.add_parser("explain", help="show a dump line by line, each removed line marked with its kind and rule")
    p.add_argument("file", metavar="FILE", help="a dump file; - reads standard input")
    _add_source(p)
    _add_rules(p)
    p.set_defaults(run=run_explain)

    p = commands.add_parser("eval", help="score the cleaner against labelled dumps")
    p.add_argument("folder", nargs="?", type=Path, default=None, metavar="DIR",
                   help=f"a folder with dumps/ and gold/ (default: {DEFAULT_LABELLED})")
    p.add_argument("--html", type=Path, default=None, metavar="DIR",
                   help=f"pages with gold text (page.html, gold.txt) to score the HTML path on (default: {DEFAULT_HTML})")
    p.add_argument("--no-html", action="store_true", help="score the labelled dumps only")
    p.add_argument("--markdown", type=Path, metavar="FILE", help="also write the report as Markdown")
    p.add_argument("--chart", type=Path, metavar="FILE.png", help="also draw per-kind recall as a PNG bar chart")
    p.add_argument("-v", "--verbose", action="store_true", help="list every line the cleaner got wrong")
    p.add_argument("--corpus", type=Path, action="append", default=[], metavar="PATH",
                   help="also score on the test sites of a line-labelled corpus (a folder with dumps.jsonl.gz, or labelled "
                        "dumps: see \"Corpora: what train reads\" in README.md); repeatable, each corpus scored on its own")
    p.add_argument("--extractors", action="store_true",
                   help="also score other extractors' text before and after cleaning, on the HTML pages and each corpus's "
                        "test-site pages (needs the eval extra)")
    p.add_argument("--rules", action="store_true",
                   help="also show each rule's removals on the corpora's training sites (noise/body), to check a rule "
                        "before it ships")
    p.add_argument("--labelled", type=Path, action="append", default=[], metavar="FILE_OR_DIR",
                   help="score these labels instead, source by source: files saved by `articlean review` (or folders of "
                        "them, or a folder with dumps/ and gold/); repeatable")
    p.add_argument("--dest", metavar="DEST",
                   help="with --labelled: also score with DEST's override table applied, as its runs clean")
    p.set_defaults(run=run_eval)

    p = commands.add_parser("train", help="rebuild the learned line model from the corpora and the hand-labelled dumps")
    p.add_argument("--corpus", type=Path, action="append", default=[], metavar="PATH",
                   help="a line-labelled corpus: a folder with dumps.jsonl.gz, or labelled dumps (dumps/ and gold/, or labels "
                        "files saved by review); its training sites are trained on. Repeatable; see \"Corpora: what train "
                        "reads\" in README.md")
    p.add_argument("--hand", type=Path, default=None, metavar="DIR",
                   help=f"the hand-labelled dumps (dumps/ and gold/; default: {DEFAULT_LABELLED})")
    p.add_argument("--labelled", type=Path, action="append", default=[], metavar="FILE_OR_DIR",
                   help="also train on your labels (files saved by `articlean review`, or folders of them), and report "
                        "cross-validation without and with them; repeatable")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="where to write the model (default: the shipped file)")
    p.add_argument("--exclude", action="append", default=[], metavar="DATASET",
                   help="train without this source (a corpus dataset, or hand-labelled); repeatable")
    p.add_argument("--permissive", action="store_true",
                   help="train only on sources whose licence lets the model ship under any terms (leaves out the "
                        "research-only, AGPLv3 and unlicensed datasets: see the model card)")
    p.add_argument("--check", action="store_true", help="do not write: say whether training reproduces the shipped file")
    p.set_defaults(run=run_train)

    p = commands.add_parser("override", help="always remove or always keep a line of one source, in every run of a "
                                             "dataset (lists the table without an action)")
    p.add_argument("dest", metavar="DEST", help="the dataset folder written by ingest (or s3://bucket/prefix)")
    p.add_argument("--source", metavar="S", help="the source the lines belong to (the articles' `source` column)")
    p.add_argument("--remove", action="append", default=[], metavar="LINE", help="always remove this line; repeatable")
    p.add_argument("--kind", default="widget", metavar="KIND", help="the kind a removed line is recorded as (default: widget)")
    p.add_argument("--keep", action="append", default=[], metavar="LINE", help="always keep this line; repeatable")
    p.add_argument("--drop", action="append", default=[], metavar="LINE", help="forget what was said of this line; repeatable")
    p.add_argument("--from-labels", type=Path, action="append", default=[], metavar="FILE",
                   help="take every line corrected in a labels file saved by `articlean review`; repeatable")
    p.set_defaults(run=run_override)

    p = commands.add_parser("ingest", help="clean new and changed dumps into the Parquet dataset (Prefect flow)")
    _source_dest(p)
    p.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                   help="run the batches on this Dask cluster (uses PREFECT_API_URL, or starts a Prefect server)")
    _add_rules(p)
    p.set_defaults(run=run_ingest)

    p = commands.add_parser("backfill", help="re-clean dumps with the current rules, replacing their rows")
    _source_dest(p)
    p.add_argument("--since", metavar="DATE", help="only dumps that landed (file time) on or after DATE (ISO 8601)")
    p.add_argument("--until", metavar="DATE", help="only dumps that landed before DATE (ISO 8601)")
    _add_rules(p)
    p.set_defaults(run=run_backfill)

    p = commands.add_parser("export", help="write the articles as training shards with a manifest and a dataset card")
    p.add_argument("dest", metavar="DEST", help="the dataset folder written by ingest (or s3://bucket/prefix)")
    p.add_argument("out", metavar="OUT", help="a new folder (or s3:// prefix) for the shards, manifest.json and README.md")
    p.add_argument("--where", metavar="SQL", help="keep the articles matching this DuckDB condition, e.g. "
                   "\"language = 'en' AND n_words >= 50 AND near_duplicate_of IS NULL\"")
    p.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl", help="shard format (default: jsonl)")
    p.add_argument("--shard-size", default="256MB", metavar="SIZE", help="bytes per shard, e.g. 256MB, 1GB (default: 256MB)")
    p.add_argument("--columns", metavar="C1,C2,...|all",
                   help="the columns to write (default: doc_id, text, title, url, source, language, language_score, "
                        "published_at, n_chars, n_words, the quality signals, near_duplicate_cluster); all: every column")
    p.add_argument("--limit", type=int, metavar="N", help="at most N articles")
    p.add_argument("--sample", type=float, metavar="FRACTION", help="keep this fraction of the articles (by a stable hash)")
    p.add_argument("--seed", type=int, default=0, help="the seed of --sample and --split (default: 0)")
    p.add_argument("--split", metavar="NAME=SHARE,...",
                   help="splits by a stable hash of the near-duplicate cluster, e.g. train=0.98,validation=0.02 "
                        "(default: all in train)")
    p.set_defaults(run=run_export)

    p = commands.add_parser("report", help="write one self-contained HTML page of plots about a dataset")
    p.add_argument("dest", metavar="DEST", help="the dataset folder written by ingest (or s3://bucket/prefix)")
    p.add_argument("--out", default="report.html", metavar="FILE", help="the page to write (default: report.html)")
    p.set_defaults(run=run_report)

    p = commands.add_parser("review", help="write one self-contained page to correct a sample of a dataset's articles line by "
                                           "line, saving the corrections as a labels file")
    p.add_argument("dest", metavar="DEST", help="the dataset folder written by ingest (or s3://bucket/prefix)")
    p.add_argument("--source", metavar="S", help="only articles of this source (the articles' `source` column)")
    p.add_argument("--sample", type=int, default=20, metavar="N", help="articles on the page (default: 20)")
    p.add_argument("--seed", type=int, default=0, help="the seed of the sample (default: 0)")
    p.add_argument("--out", default="review.html", metavar="FILE", help="the page to write (default: review.html)")
    _add_rules(p)
    p.set_defaults(run=run_review)

    p = commands.add_parser("serve", help="ingest on a schedule, through a Prefect server (started when none is set)")
    _source_dest(p)
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", type=arguments.cron_schedule, help='a cron schedule, e.g. "*/15 * * * *" (in UTC)')
    when.add_argument("--interval", type=arguments.interval_seconds, metavar="SECONDS", help="run every SECONDS seconds")
    _add_rules(p)
    p.set_defaults(run=run_serve)
    return parser


def _source_dest(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="SOURCE", help="a folder of dumps (searched recursively) or a glob")
    p.add_argument("dest", metavar="DEST", help="the dataset folder: DEST/articles and DEST/rejects")
    p.add_argument("--workers", type=arguments.positive_int, default=None, metavar="N",
                   help="worker processes (default: one per core this process may use)")
    p.add_argument("--batch-size", type=arguments.positive_int, default=None, metavar="N",
                   help="input files per batch, one Prefect task run each (default: 500)")


def _quiet_prefect() -> None:
    # Prefect's per-task log lines drown the progress line and the summary; PREFECT_LOGGING_LEVEL overrides.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _print_summary(summary) -> None:
    rows = summary.table()
    width = max(len(r["what"]) for r in rows)
    print(f"articlean run {summary.run_id}: {time.monotonic() - STARTED:.1f} s wall, of which the run itself "
          f"{summary.seconds:.1f} s (the rest: starting Python, Prefect and its API)")
    for row in rows:
        print(f"  {row['what']:<{width}}  {row['count']:>8}")
    for source, lines in sorted(summary.learned.items()):
        for line, n in lines.items():
            print(f"  learned from {source} ({counted(n, 'document')}): {line}")
    _print_rejects(summary)


def _print_rejects(summary) -> None:
    """The run's first rejects by name (path order) with their reason, and how to list them all."""
    named = summary.rejects_named()
    if not named:
        return
    total = sum(summary.totals.rejected.values())
    print(f"  rejected inputs{f', the first {len(named)} of {total}' if total > len(named) else ''}:")
    for row in named:
        where = row["source_uri"] if row["member"] is None else f"{row['source_uri']}#{row['member']}"
        print(f"    {where}  {row['error_kind']}: {row['message']}")
    rejects = f"{summary.dest.rstrip('/')}/rejects"
    said = f"the other {total - len(named)} are rows of {rejects} too" if total > len(named) else f"each is a row of {rejects}"
    print(f"  {said}; list this run's with: {rejects_command(summary.dest, summary.run_id)}")


def rejects_command(dest: str, run_id: str) -> str:
    """A shell command that prints a run's reject rows (path, member, kind, message) as tab-separated lines: DuckDB
    over the table as articlean reads it, so an s3:// DEST needs no DuckDB extension."""
    # rows written by Python's csv: duckdb's write_csv("/dev/stdout") reopens stdout and truncates a file it is sent to
    code = (f"import csv, sys, duckdb; from pipeline.dataset.tables import Dataset; rejects = Dataset({json.dumps(dest)})"
            f'.arrow("rejects"); query = duckdb.sql("select source_uri, member, error_kind, message from rejects where '
            f'run_id = ? order by all", params=[{json.dumps(run_id)}]); out = csv.writer(sys.stdout, delimiter="\\t", '
            f'lineterminator="\\n"); out.writerow(query.columns); out.writerows(query.fetchall())')
    return f"python -c {shlex.quote(code)}"


def _location(path: str) -> str:
    """A folder as an absolute path (a served or remote flow runs elsewhere); an s3:// URI as it is."""
    from pipeline.io.storage import is_s3

    return path if is_s3(path) else str(Path(path).resolve())


def _list_source(source: str) -> list:
    """The inputs under SOURCE; `InputError` with what to do when there are none or it can't be listed."""
    from pipeline.io.readers import discover, formats
    from pipeline.io.storage import StorageUnavailable

    try:
        files, _ = discover(source)
    except (FileNotFoundError, PermissionError) as err:
        raise InputError(str(err)) from None
    except StorageUnavailable as err:
        raise InputError(f"{source}: {err}; is AWS_ENDPOINT_URL right and the store up?") from None
    except Exception as err:  # noqa: BLE001 - botocore's credential and configuration errors
        if type(err).__module__.startswith(("botocore", "s3fs", "aiobotocore")):
            raise InputError(f"{source}: {err} (S3 is configured by AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,"
                             " AWS_SECRET_ACCESS_KEY)") from None
        raise
    if not files:
        raise InputError(f"{source}: no inputs found (supported: {formats()})")
    return files


def check_dest(dest: str, what: str = "DEST") -> None:
    """`InputError` with what to do, when a run could not write its dataset at `dest`: said before anything
    starts (a flow failing on it later says it in tracebacks)."""
    from pipeline.io.storage import is_s3

    if is_s3(dest):
        _check_s3_credentials(dest)
        return
    path = Path(dest)
    if path.exists() and not path.is_dir():
        raise InputError(f"{what} {dest}: is a file; give a folder (it is created when missing)")
    existing = next(p for p in (path.absolute(), *path.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise InputError(f"{what} {dest}: {existing} is a file, so the folder cannot be created there")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"{what} {dest}: {existing} is not writable (check its permissions, or choose another folder)")


def _check_s3_credentials(uri: str) -> None:
    import botocore.session

    try:
        found = botocore.session.get_session().get_credentials()
    except Exception as err:  # noqa: BLE001 - botocore's configuration errors (a missing profile, a bad config file)
        raise InputError(f"{uri}: S3 is not configured: {err}") from None
    if found is None:
        raise InputError(f"{uri}: no S3 credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and"
                         " AWS_ENDPOINT_URL for a store other than AWS)")


def check_source(source: str) -> None:
    """`InputError` when SOURCE is a single file of a kind no reader takes, or an s3:// prefix without
    credentials: said before anything starts."""
    from pipeline.io.readers import formats, input_format
    from pipeline.io.storage import is_s3

    if is_s3(source):
        _check_s3_credentials(source)
    elif Path(source).is_file() and input_format(source) is None:
        raise InputError(f"SOURCE {source}: not a supported format (supported: {formats()}); give a folder of dumps, "
                         "a dump, or a glob")
    elif not Path(source).exists() and not any(c in source for c in "*?["):
        raise InputError(f"SOURCE {source}: no such file or folder")


def _check_paths(args: argparse.Namespace) -> bool:
    """SOURCE and DEST of ingest, backfill and serve checked up front; False (said on stderr) when one is wrong."""
    try:
        check_source(args.source)
        check_dest(args.dest)
    except InputError as err:
        _error(str(err))
        return False
    return True


def _check_rules(args: argparse.Namespace) -> bool:
    """--rules FILE of ingest and backfill read and checked up front, and made absolute for the flow, which reads it
    again when it starts (a flow's parameters are plain data, not rules); False (said on stderr) when it is wrong."""
    if args.rules is None:
        return True
    from pipeline.cleaning.rules.rule_file import RulesFileError, read_rules

    try:
        read_rules(args.rules)
    except RulesFileError as err:
        _error(str(err))
        return False
    args.rules = str(Path(args.rules).resolve())
    return True


def run_ingest(args: argparse.Namespace) -> int:
    if not _check_paths(args) or not _check_rules(args):
        return 2
    if args.dask_address:
        try:
            _list_source(args.source)
        except InputError as err:
            _error(str(err))
            return 2
        _quiet_prefect()
        return _ingest_on_dask(args)
    return _run_flow(args, "ingest")


def run_backfill(args: argparse.Namespace) -> int:
    if not _check_paths(args) or not _check_rules(args):
        return 2
    try:
        args.since, args.until = utc(args.since), utc(args.until)
    except ValueError as err:
        _error(f"--since/--until: {err} (use a date like 2026-11-01 or 2026-11-01T12:00)")
        return 2
    return _run_flow(args, "backfill")


def _run_flow(args: argparse.Namespace, name: str) -> int:
    """Run the ingest or backfill flow on a Prefect API started at once, so that its start-up overlaps ours
    (importing Prefect, listing the inputs). With ARTICLEAN_TIMINGS=1, say on stderr where the time went."""
    from flows.server import ServerError, prefect_api

    _quiet_prefect()
    _stop_on_signals()
    marks = [("command start-up: Python, imports, checking SOURCE", STARTED)]
    try:
        with prefect_api() as api:
            try:
                files = _list_source(args.source)
            except InputError as err:
                _error(str(err))
                return 2
            # what the first flow run imports anyway (0.25 s): imported while the API starts instead
            import prefect.flow_engine  # noqa: F401
            import prefect.task_engine  # noqa: F401

            from flows import ingest as flows_ingest
            from flows.worker import cleans_inline
            from pipeline.core.settings import IngestSettings

            if cleans_inline(files, args.workers, IngestSettings()):
                from pipeline.ingest.batch import prepare

                prepare()  # this process will clean: its imports while the API starts

            marks.append(("waiting for the Prefect API, beyond the above", time.monotonic()))
            api.wait()
            marks.append(("the flow run", time.monotonic()))
            options = {"workers": args.workers, "batch_size": args.batch_size, "rules": args.rules}
            if name == "backfill":
                options.update(since=args.since, until=args.until)
            summary = getattr(flows_ingest, name)(args.source, args.dest, **options)
            marks.append(("stopping the Prefect API", time.monotonic()))
    except ServerError as err:
        _error(str(err))
        return 1
    except KeyboardInterrupt:
        _error(f"{name} interrupted: what was committed stays, and the next run takes up the rest")
        return 130
    marks.append(("", time.monotonic()))
    _print_summary(summary)
    if os.environ.get("ARTICLEAN_TIMINGS"):
        _print_timings(marks, summary)
    return 0


def _print_timings(marks: list[tuple[str, float]], summary) -> None:
    """`articlean timing: SECONDS PHASE` lines on stderr (bench/bench.py reads them); the flow run is broken
    down into the run's own phases and what is left, Prefect's flow and task-run machinery."""
    for (what, began), (_, ended) in zip(marks, marks[1:], strict=False):
        print(f"articlean timing: {ended - began:.3f} {what}", file=sys.stderr)
        if what == "the flow run":
            phases = summary.timer.seconds
            for phase, seconds in phases.items():
                print(f"articlean timing: {seconds:.3f}   {phase}", file=sys.stderr)
            rest = ended - began - sum(phases.values())
            print(f"articlean timing: {rest:.3f}   Prefect: flow run and task runs (the rest)", file=sys.stderr)


def _ingest_on_dask(args: argparse.Namespace) -> int:
    """Prefect's embedded API must not serve Dask workers (each would start its own server on one SQLite
    file): use PREFECT_API_URL, or a server started for this run. The workers report to it too, so they
    need PREFECT_API_URL in their environment."""
    from flows.server import ServerError, prefect_server

    try:
        with prefect_server():
            from prefect_dask import DaskTaskRunner

            from flows.ingest import ingest

            flow = ingest.with_options(task_runner=DaskTaskRunner(address=args.dask_address))
            source, dest = _location(args.source), _location(args.dest)
            _print_summary(flow(source, dest, batch_size=args.batch_size, local_processes=False, rules=args.rules))
    except ServerError as err:
        _error(str(err))
        return 1
    return 0


def utc(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _stop_on_signals() -> None:
    """`kill`, service managers (SIGTERM) and a closed terminal (SIGHUP) stop the command as Ctrl-C does, so that
    the Prefect server it started stops too. Ctrl-C (SIGINT) gets the same handler: with Python's own, asyncio's
    runner (under Prefect's `serve`) takes SIGINT over and turns the first one into a cancellation of its main task,
    which Prefect's runner can absorb: `serve` then went on serving (seen 3 times in 3 under load)."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)


def run_serve(args: argparse.Namespace) -> int:
    from flows.server import ServerError, prefect_api

    if not _check_paths(args) or not _check_rules(args):
        return 2
    _quiet_prefect()
    _stop_on_signals()
    try:
        with prefect_api(schedules=True) as api:
            from flows.ingest import ingest

            api_url = api.wait()
            when = f'on "{args.cron}" (UTC)' if args.cron else f"every {args.interval:g} s"
            print(f"articlean: serving ingest of {args.source} into {args.dest} {when} via {api_url}; Ctrl-C stops", flush=True)
            print(f"articlean: to run it now as well, run `articlean ingest {args.source} {args.dest}` in another shell (runs on"
                  " one dataset take turns); each run prints one line here", flush=True)
            parameters = {"source": _location(args.source), "dest": _location(args.dest),
                          "workers": args.workers, "batch_size": args.batch_size, "announce": True,
                          "rules": args.rules}  # read again by each run: an edited file counts from the next run
            schedule = {"cron": args.cron} if args.cron else {"interval": args.interval}
            try:
                # one run at a time: a run that outlasts the interval delays the next instead of queueing behind a lock
                ingest.serve(name=SERVED, parameters=parameters, limit=1, print_starting_message=False, **schedule)
            except KeyboardInterrupt:
                pass
            stopped = stop_runs_in_flight()
            dropped = drop_scheduled_runs(f"articlean-ingest/{SERVED}")
            print(f"articlean: stopped serving; {dropped} scheduled run(s) that had not started were deleted"
                  + (f"; {counted(stopped, 'run')} in progress stopped (the next run takes up its inputs)" if stopped else ""),
                  flush=True)
    except ServerError as err:
        _error(str(err))
        return 1
    except KeyboardInterrupt:  # while the server was starting
        return 130
    return 0


SERVED = "articlean-ingest"  # the deployment `serve` creates
# How long a flow run that was going when serve was stopped has to end on its own (it had the signal too, and reports
# its end to the server, still up), before it is terminated.
RUN_GRACE_SECONDS = 10.0


def stop_runs_in_flight(grace: float = RUN_GRACE_SECONDS) -> int:
    """Wait up to `grace` seconds for the flow runs Prefect's runner started in child processes of this one, then
    terminate those still going; returns how many had to be. Without it Python's exit waited on the runner's thread
    that joins such a child, and under load one outlived the server it reported to: serve was still there 60 s
    after Ctrl-C (1 test run in 20, with where each thread was). What a stopped run had not committed, the next run
    does (the ledger)."""
    import multiprocessing

    children = multiprocessing.active_children()
    deadline = time.monotonic() + grace
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
    stopped = 0
    for child in children:
        if child.is_alive():
            stopped += 1
            child.terminate()
            child.join(5)
            if child.is_alive():
                child.kill()
                child.join(5)
    return stopped


def drop_scheduled_runs(deployment: str) -> int:
    """Delete the deployment's flow runs that are scheduled and not started (Prefect keeps about 100 ahead):
    a stopped `serve` leaves nothing queued in Prefect's database. Returns how many."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    dropped = 0
    with get_client(sync_client=True) as client:
        try:
            found = client.read_deployment_by_name(deployment)
        except Exception:  # noqa: BLE001 - no such deployment: nothing scheduled
            return 0
        scheduled = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])))
        while runs := client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[found.id])),
                                            flow_run_filter=scheduled, limit=200):
            for run in runs:
                client.delete_flow_run(run.id)
                dropped += 1
    return dropped


def expand(paths: list[str]) -> Iterator[str]:
    """Files as given; folders become the dumps inside them, in name order."""
    for path in paths:
        if path != "-" and Path(path).is_dir():
            from pipeline.io.readers import formats, input_format

            found = sorted(p for p in Path(path).rglob("*") if p.is_file() and input_format(str(p)) is not None
                           and not p.name.startswith("."))
            if not found:
                raise InputError(f"{path}: folder holds no dumps (supported: {formats()})")
            yield from (str(p) for p in found)
        else:
            yield path


def read_text(path: str) -> Decoded:
    """A dump (or standard input, "-") decoded (`pipeline.cleaning.decode`), within the size limit a run applies:
    `InputError` when it can't be read or decoded."""
    from pipeline.core.settings import IngestSettings
    from pipeline.io.readers import TooLarge, read_document

    try:
        raw = read_document(sys.stdin.buffer if path == "-" else path, IngestSettings())
    except TooLarge as err:
        raise InputError(f"{path}: {err}") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied (check the file's read permission)") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read: {err.strerror or err}") from None
    try:
        return decode(raw)
    except DecodeError as err:
        raise InputError(f"{path}: {err}") from None


def _error(message: str) -> None:
    print(f"articlean: {message}", file=sys.stderr)


def run_report(args: argparse.Namespace) -> int:
    from pipeline.publish.report import write_report

    out = Path(args.out)
    if out.is_dir() or not out.absolute().parent.is_dir() or not os.access(out.absolute().parent, os.W_OK):
        _error(f"--out {args.out}: cannot write a page there (give a file in an existing, writable folder)")
        return 2
    dest = _location(args.dest)
    if not _has_articles(dest):
        _error(f"{args.dest}: no articles to report on (is it a dataset written by `articlean ingest`?)")
        return 1
    found = write_report(dest, args.out)
    per_source = found.tables["per_source"][1]
    print(f"articlean report: wrote {args.out} ({counted(sum(n for _, n in per_source), 'article')}, "
          f"{counted(len(per_source), 'source')}, {counted(sum(n for _, n in found.tables['rejects'][1]), 'reject')})")
    return 0


def _has_articles(dest: str) -> bool:
    from pipeline.dataset.tables import Dataset

    return bool(Dataset(dest).files("articles"))


def run_export(args: argparse.Namespace) -> int:
    from pipeline.publish.export import ExportError, Selection, export, parse_columns, parse_size, parse_splits

    try:
        selection = Selection(columns=parse_columns(args.columns), sample=args.sample, seed=args.seed, limit=args.limit,
                              splits=parse_splits(args.split))
        summary = export(_location(args.dest), _location(args.out), args.where, args.format, parse_size(args.shard_size),
                         selection)
    except ExportError as err:
        _error(str(err))
        return 1
    print(f"articlean export: {counted(summary.rows, 'article')} in {counted(len(summary.shards), summary.format + ' shard')} under "
          f"{summary.out}/data, with manifest.json and README.md")
    for shard in summary.shards:
        print(f"  {shard.path}  {shard.split:<10} {shard.rows:>8,} {'row ' if shard.rows == 1 else 'rows'}  {shard.bytes / 1e6:8.1f} MB")
    return 0


def _add_rules(p: argparse.ArgumentParser) -> None:
    """`clean`, `explain`, `ingest`, `backfill`, `serve` and `review`: the user's own rules."""
    p.add_argument("--rules", metavar="FILE",
                   help="also clean with your own rules, [[rule]] tables of a TOML file (see \"Your own rules\" in "
                        "README.md); they run before the built-in ones, and rows cleaned with them say so in "
                        "pipeline_version")


def _clean_settings(args: argparse.Namespace) -> CleanSettings | None:
    """The settings `clean`, `explain` and `review` clean with: the defaults, with the rules of --rules FILE; None when the file
    is wrong (said on stderr)."""
    if args.rules is None:
        return DEFAULT_SETTINGS
    from pipeline.cleaning.rules.rule_file import RulesFileError, read_rules

    try:
        return CleanSettings(rules=read_rules(args.rules))
    except RulesFileError as err:
        _error(str(err))
        return None


def _add_source(p: argparse.ArgumentParser) -> None:
    """`clean` and `explain`: which source's trees to clean with."""
    p.add_argument("--source", default=None, metavar="S",
                   help="clean as documents of source S, with the trees `train --labelled` gave it (ingest takes each "
                        "document's source from its JSONL field, URL or folder)")


def run_clean(args: argparse.Namespace) -> int:
    settings = _clean_settings(args)
    if settings is None:
        return 2
    failed = False
    try:
        paths = list(expand(args.files))
    except InputError as err:
        _error(str(err))
        return 1
    printed = 0
    for path in paths:
        for label, decoded, kind in _documents_of(path):
            if isinstance(decoded, InputError):
                _error(str(decoded))
                failed = True
                continue
            _warn_of_replaced_bytes(label, decoded)
            try:
                output = _cleaned(label, decoded, args.format, html=kind == "html", source=args.source, settings=settings)
            except Exception as err:  # a bug in the cleaner: the other files must still come out
                _error(f"{label}: could not be cleaned ({type(err).__name__}: {err}); please report it with the file")
                failed = True
                continue
            if args.format == "text" and (len(paths) > 1 or label != path):
                output = f"{'' if printed == 0 else chr(10)}==> {label} <==\n{output}"
            print(output)
            printed += 1
    return 1 if failed else 0


def _warn_of_replaced_bytes(label: str, decoded: Decoded) -> None:
    """`clean` and `explain` go on with a file whose bad bytes were replaced: a warning, not a failure."""
    if decoded.replaced_bytes:
        encoding = "UTF-8" if decoded.encoding.startswith("utf-8") else decoded.encoding
        were = "was" if decoded.replaced_bytes == 1 else "were"
        _warn(f"{label}: {counted(decoded.replaced_bytes, 'byte')} {were} not valid {encoding} and {were} replaced by U+FFFD (�)")


def _documents_of(path: str) -> Iterator[tuple[str, Decoded | InputError, str]]:
    """(label, decoded text, kind) for each document of an input, read as ingest reads it (.txt, .jsonl, .html, .warc,
    each also .gz); the text is an `InputError` for a document that cannot be read. A file of another suffix
    (or standard input) is read as one text dump."""
    from pipeline.core.document import Reject
    from pipeline.core.settings import IngestSettings
    from pipeline.io.readers import InputFile, documents, input_format, load

    if path == "-" or input_format(path) is None or not Path(path).is_file():  # (read_text says what is wrong)
        try:
            yield path, read_text(path), "html" if path.endswith((".html", ".htm")) else "text"
        except InputError as err:
            yield path, err, "text"
        return
    stat = Path(path).stat()
    settings = IngestSettings()
    loaded = load(InputFile(str(Path(path).resolve()), stat.st_size, stat.st_mtime), settings)
    for item in [loaded] if isinstance(loaded, Reject) else documents(loaded, settings):
        label = path if item.member is None else f"{path}#{item.member}"
        if isinstance(item, Reject):  # its message may name the file already
            named = item.message.startswith(Path(path).name)
            yield label, InputError(item.message if named else f"{label}: {item.message}"), "text"
            continue
        try:
            yield label, decode(item.raw), item.kind
        except DecodeError as err:
            yield label, InputError(f"{label}: {err}"), "text"


def _cleaned(path: str, decoded: Decoded, form: str, html: bool = False, source: str | None = None,
             settings: CleanSettings = DEFAULT_SETTINGS) -> str:
    """What `articlean clean` prints for one input: its body, or its JSON record. `settings` hold the user's rules
    (--rules); a page is cleaned with the HTML profile and those rules."""
    text = decoded.text
    if html:
        from pipeline.cleaning.html import clean_html

        article = clean_html(text, rules=settings.rules)
    else:
        article = clean(text, settings, source=source)
    if form == "text":
        return article.body
    record = {
        "path": path,
        "title": article.title,
        "body": article.body,
        "removed": [r.to_dict() for r in article.removed],
        "replaced_bytes": decoded.replaced_bytes,
        "metadata": {
            "byline": article.byline,
            "date": article.date,
            "removed_by_kind": article.removed_by_kind(),
            "n_paragraphs": len(article.paragraphs),
            "n_chars": len(article.body),
        },
    }
    return json.dumps(record, ensure_ascii=False)


def run_explain(args: argparse.Namespace) -> int:
    settings = _clean_settings(args)
    if settings is None:
        return 2
    try:
        decoded = read_text(args.file)
    except InputError as err:
        _error(str(err))
        return 1
    _warn_of_replaced_bytes(args.file, decoded)
    rows = explain_lines(decoded.text, settings, source=args.source)
    width = max((len(f"{kind} {rule}") for _, _, kind, rule, _ in rows if kind), default=0)
    for number, raw, kind, rule, why in rows:
        content = raw.strip()
        if not content:
            print(f"{number:>4}")
            continue
        mark = f"{kind} {rule}" if kind else ""
        flag = "-" if kind and not kind.startswith("part:") else ("~" if kind else " ")
        print(f"{number:>4} {flag} {mark:<{width}} | {content}")
        if why:
            print(f"{'':>4}   {'':<{width}}   ({why})")
    removed = sum(1 for _, _, kind, _, _ in rows if kind and not kind.startswith("part:"))
    cut = sum(1 for _, _, kind, _, _ in rows if kind and kind.startswith("part:"))
    kept = sum(1 for _, raw, kind, _, _ in rows if raw.strip() and not kind)
    by_model = sum(1 for _, _, _, rule, _ in rows if rule == "model")
    print(f"\n{counted(kept, 'line')} kept, {cut} kept with a piece cut out (~), {removed} removed (-), {by_model} of them by the model")
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from pipeline.quality.evaluate import evaluate
    from pipeline.quality.labels import LabelsError
    from pipeline.quality.report import markdown_report, per_kind_chart, text_report

    if args.labelled:
        return _eval_labelled(args)
    if args.dest:
        _error("--dest goes with --labelled: it scores your labels as that dataset cleans them")
        return 2
    folder = args.folder or _in_repo(DEFAULT_LABELLED)
    if not (folder / "gold").is_dir() or not (folder / "dumps").is_dir():
        _error(f"{folder}: expected a folder with dumps/ and gold/ inside (see tests/data/labelled)")
        return 2
    html_folder = None if args.no_html else (args.html or _in_repo(DEFAULT_HTML))
    if html_folder is not None and not html_folder.is_dir():
        _error(f"{html_folder}: no such folder of HTML pages (use --no-html to score the dumps only)")
        return 2
    if args.rules and not args.corpus:
        _error("--rules reads the corpora's training sites: give at least one --corpus")
        return 2
    if not _corpora_readable(args.corpus):
        return 2
    try:
        report = evaluate(folder)
    except LabelsError as err:  # it names the file
        _error(str(err))
        return 2
    except (FileNotFoundError, ValueError, KeyError) as err:
        _error(f"{folder}: {err}")
        return 2
    html = None
    if html_folder is not None:
        from pipeline.quality.evaluate_html import evaluate_html

        try:
            html = evaluate_html(html_folder)
        except (FileNotFoundError, ValueError) as err:  # each names its folder or page
            _error(str(err))
            return 2
    print(text_report(report, html, verbose=args.verbose), end="")
    corpus_reports = []
    from pipeline.quality.corpus import CorpusError

    try:
        for corpus in args.corpus:
            from pipeline.quality.corpus_eval import corpus_table, evaluate_corpus

            corpus_reports.append(evaluate_corpus(corpus))
            print("\n" + corpus_table(corpus_reports[-1]), end="")
        rules_text = None
        if args.rules:
            from pipeline.quality.rule_report import rule_counts, rules_table

            rules_text = rules_table(rule_counts(args.corpus))
            print("\n" + rules_text, end="")
    except CorpusError as err:  # a bad line further down a corpus than its first
        _error(str(err))
        return 2
    extractor_sets = None
    if args.extractors:
        from pipeline.quality.corpus import corpus_name
        from pipeline.quality.evaluate_html import pages as html_page_pairs
        from pipeline.quality.extractors import available, before_after, corpus_pages, extractors_table

        if len(available()) < 3:
            _error('fewer than 3 extractors are installed: pip install -e ".[eval]"')
            return 2
        extractor_sets = {}
        if html_folder is not None:
            html_pages = html_page_pairs(html_folder)
            extractor_sets[f"{html_folder.name} ({len(html_pages)})"] = before_after(html_pages)
        for corpus in args.corpus:
            found = corpus_pages(corpus)
            if found:  # a corpus without a pages file (or without test-site pages) has nothing to extract from
                extractor_sets[f"{corpus_name(corpus)} test-site pages ({len(found)})"] = before_after(found)
        print("\nother extractors' text before -> after cleaning (body F1 on 4-token shingles)\n"
              + extractors_table(extractor_sets), end="")
    if args.chart:
        try:
            per_kind_chart(report, args.chart)
        except RuntimeError as err:
            _error(str(err))
            return 1
    if args.markdown:
        chart = os.path.relpath(args.chart, args.markdown.parent) if args.chart else None
        text = markdown_report(report, html, chart)
        if corpus_reports:
            from pipeline.quality.corpus_eval import corpus_table

            tables = "".join(corpus_table(report, markdown=True) + "\n" for report in corpus_reports)
            text = "## Corpus test sites\n\n" + tables + text
        if rules_text:
            text += "\n## Rules on the corpora's training sites\n\n```\n" + rules_text + "```\n"
        if extractor_sets:
            from pipeline.quality.extractors import extractors_table

            text += "\n## Other extractors' text before and after cleaning\n\n" + extractors_table(extractor_sets, markdown=True)
        args.markdown.write_text(text, encoding="utf-8")
    return 0


def run_review(args: argparse.Namespace) -> int:
    from pipeline.publish.review import ReviewError, review_sample
    from pipeline.publish.review_page import render_review

    if args.sample < 1:
        _error("--sample: give at least 1 article")
        return 2
    settings = _clean_settings(args)  # the rules the rows were cleaned with, so that the page shows what they did
    if settings is None:
        return 2
    try:
        found = review_sample(args.dest, args.source, args.sample, args.seed, rules=settings.rules)
    except (ReviewError, FileNotFoundError) as err:
        _error(str(err))
        return 2
    try:
        Path(args.out).write_text(render_review(found.payload), encoding="utf-8")
    except OSError as err:
        _error(f"--out {args.out}: cannot write the page ({err.strerror or err})")
        return 2
    articles = found.payload["articles"]
    lines = sum(len(a["lines"]) for a in articles)
    print(f"wrote {args.out}: {counted(len(articles), 'article')} ({counted(lines, 'line')}) of "
          f"{counted(len({a['source'] for a in articles}), 'source')}, chosen for the lines the model was least sure of "
          f"among {counted(found.pool, 'article')} cleaned again (the dataset holds {found.rows:,})")
    for why, n in sorted(found.skipped.items()):
        print(f"  left out {n}: {why}")
    print(f"open it in a browser, correct lines (click, or keys), and save (s): then `articlean eval --labelled FILE`, "
          f"`articlean override {args.dest} --from-labels FILE` or `articlean train --labelled FILE ...`")
    return 0


def run_override(args: argparse.Namespace) -> int:
    from pipeline.dataset.overrides import OverrideError, checked, from_labels, read_overrides, write_overrides
    from pipeline.dataset.tables import Dataset
    from pipeline.quality.labels import LabelsError, read_labelled

    try:
        sources = _dataset_sources(args.dest)
        if (args.remove or args.keep or args.drop) and not args.source:
            raise InputError("--remove, --keep and --drop need --source (the articles' `source` column)")
        if args.source and (args.remove or args.keep) and args.source not in sources:
            _warn(f"no article of {args.dest} has source {args.source!r} (yet): the override waits for one")
        add = [checked(args.source, text, "remove", args.kind) for text in args.remove]
        add += [checked(args.source, text, "keep") for text in args.keep]
        positional = []
        for path in args.from_labels:
            try:
                read_labelled(path)  # the format and every dump's labels checked as eval and train read them
                labels = json.loads(path.read_text(encoding="utf-8"))
            except LabelsError as err:
                raise InputError(str(err)) from None
            if labels.get("dataset") and Path(labels["dataset"]).resolve() != Path(args.dest).resolve() \
                    and labels["dataset"] != args.dest:
                _warn(f"{path} was reviewed on {labels['dataset']}, not {args.dest}: its sources are taken as they are")
            unnamed = [d.get("file") for d in labels["dumps"] if not d.get("source")]
            if unnamed:
                _warn(f"{path}: {counted(len(unnamed), 'article')} without a source left out ({', '.join(map(str, unnamed[:3]))})")
                labels = {**labels, "dumps": [d for d in labels["dumps"] if d.get("source")]}
            taken, left_out = from_labels(labels, path.name)
            add += taken
            positional += left_out
        drop = [(args.source, text) for text in args.drop]
        with Dataset(args.dest).lock():
            before = read_overrides(args.dest)
            table = before.changed(add, drop, by="articlean override") if add or drop else before
            if table is not before:
                write_overrides(args.dest, table)
    except (InputError, OverrideError) as err:
        _error(str(err))
        return 2
    for line in positional:
        print(f"left out: {line.text[:80]!r} ({line.source}) is body in one place and noise in another (a later copy?):"
              " an override by text would change both; `articlean train --labelled` learns it by its place")
    removes = sum(line.action == "remove" for line in table.lines)
    print(f"override table of {args.dest}: version {table.version}; lines always removed: {removes}, "
          f"always kept: {len(table.lines) - removes}")
    if table is not before:
        last = table.history[-1]
        print(f"  this change: {last['added']} added, {last['changed']} changed, {last['dropped']} dropped; new runs"
              " apply it, `articlean backfill SOURCE DEST` applies it to the rows already written")
    elif add or drop:
        print("  nothing changed: the table already says that")
    else:
        for line in table.lines:
            what = f"remove as {line.kind}" if line.action == "remove" else "keep"
            print(f"  {line.source}  {what:<20} {line.text}")
    return 0


def _dataset_sources(dest: str) -> set[str]:
    """The sources of a dataset's articles; `InputError` when DEST holds none (a mistyped path is not made a new
    dataset by a command that only reads or annotates one)."""
    from pipeline.dataset.tables import Dataset

    check_dest(dest)
    dataset = Dataset(dest)
    if not dataset.files("articles"):
        raise InputError(f"DEST {dest}: no articles there (run `articlean ingest SOURCE {dest}` first)")
    return {s for s in dataset.arrow("articles").to_table(columns=["source"])["source"].to_pylist() if s}


def _warn(message: str) -> None:
    print(f"articlean: warning: {message}", file=sys.stderr)


def _eval_labelled(args: argparse.Namespace) -> int:
    """`articlean eval --labelled ...`: the cleaner on a user's labels, source by source; with --dest, also with
    that dataset's override table."""
    from pipeline.quality.evaluate import evaluate_by_site
    from pipeline.quality.labels import latest, read_labelled

    try:
        dumps = latest([dump for path in args.labelled for dump in read_labelled(path)])
        user_lines = boilerplate = None
        if args.dest:
            from pipeline.dataset.overrides import read_overrides
            from pipeline.ingest.batch import learned_everywhere

            _dataset_sources(args.dest)
            user_lines = read_overrides(args.dest).user_lines()
            boilerplate = learned_everywhere(args.dest)
    except (ValueError, FileNotFoundError, InputError) as err:
        _error(str(err))
        return 2
    if not dumps:
        _error(f"{', '.join(map(str, args.labelled))}: no labelled articles in there")
        return 2
    print(f"{counted(len(dumps), 'labelled article')} of {counted(len({d.site for d in dumps}), 'source')}; the cleaner as it ships:")
    _print_sites(evaluate_by_site(dumps), args.verbose)
    if user_lines is not None:
        print(f"\nas {args.dest} cleans them: its learned boilerplate and its override table "
              f"(lines to remove: {sum(len(u.remove) for u in user_lines.values())}, "
              f"to keep: {sum(len(u.keep) for u in user_lines.values())}):")
        _print_sites(evaluate_by_site(dumps, user_lines, boilerplate), args.verbose)
    return 0


def _print_sites(reports: dict, verbose: bool) -> None:
    """A line per source; with -v, then every line got wrong, by article, as `eval -v` lists them."""
    from pipeline.quality.evaluate import format_mistakes, sites_table

    print(sites_table(reports), end="")
    if verbose:
        print("".join(format_mistakes(report) + "\n" for report in reports.values() if any(d.mistakes for d in report.dumps)),
              end="")


def run_train(args: argparse.Namespace) -> int:
    import filecmp
    import tempfile

    from flows.progress import stage_bars
    from pipeline.cleaning.model import MODEL_FILE
    from pipeline.quality.corpus import WHAT_TO_PASS, CorpusError

    if not args.corpus:
        _error(f"train needs at least one --corpus PATH: {WHAT_TO_PASS}")
        return 2
    if not _corpora_readable(args.corpus):
        return 2
    try:
        from pipeline.quality.train import HAND, TrainError, hand_labelled, read_user_labels, train
    except ImportError as err:
        _error(f"training needs the train extra: pip install -e \".[train]\" ({err})")
        return 2
    hand = args.hand or _in_repo(DEFAULT_LABELLED)
    out = args.out or MODEL_FILE
    try:  # a wrong path said now, not after minutes of training
        read_user_labels(args.labelled)
        if HAND not in args.exclude:
            hand_labelled(hand)
    except (ValueError, FileNotFoundError) as err:
        _error(str(err))
        return 2

    def log(line: str) -> None:
        print(line, flush=True)

    settings = {"exclude": args.exclude, "permissive": args.permissive, "log": log, "labelled": args.labelled}
    try:
        with stage_bars() as progress, tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "line_model.json" if args.check else out
            train(args.corpus, hand, target, progress=progress, **settings)
            same = args.check and filecmp.cmp(target, out, shallow=False)
    except (CorpusError, TrainError) as err:
        _error(str(err))
        return 2
    if args.check:
        print(f"{'identical to' if same else 'DIFFERS from'} {out}")
        return 0 if same else 1
    print(f"wrote {out}")
    return 0


def _corpora_readable(paths: list[Path]) -> bool:
    """Whether every --corpus reads as a corpus (its first dump); says of each one that does not why, and what to
    pass instead."""
    from pipeline.quality.corpus import CorpusError, check_corpus

    readable = True
    for path in paths:
        try:
            check_corpus(path)
        except CorpusError as err:
            _error(str(err))
            readable = False
    return readable


def _in_repo(path: Path) -> Path:
    """A path of the repository's test data: from the working directory, else beside the source tree."""
    if path.is_dir():
        return path
    return Path(__file__).resolve().parents[1] / path


if __name__ == "__main__":
    sys.exit(command())
