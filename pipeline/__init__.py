"""articlean: remove captions, credits, footers and other scraper noise from article dumps.

One package per job, each importing only the ones listed before it (tests/test_layout.py walks the imports):

    core       document types, settings, text helpers
    io         storage (local and S3), readers of every input format, WARC
    cleaning   the engine, its rules, line features and model, decoding, HTML extraction, page signals
    dataset    the Parquet schema, the dataset's files and their writer, the index, the ledger
    dedup      exact and near-duplicate links across the dataset
    ingest     a batch of inputs to rows: metadata, learned boilerplate, the dataset's version
    publish    exports and the dataset's report
    quality    evaluation against gold labels, the corpora, training the line model
"""

from pipeline.cleaning.engine import clean, clean_batch, explain_lines
from pipeline.cleaning.rules import RULE_NAMES, PatternRule, Rule, check_settings
from pipeline.core import __version__
from pipeline.core.document import Article, Removal
from pipeline.core.settings import CleanSettings

__all__ = ["RULE_NAMES", "Article", "CleanSettings", "PatternRule", "Removal", "Rule", "check_settings", "clean",
           "clean_batch", "explain_lines", "__version__"]
