"""articlean: remove captions, credits, footers and other scraper noise from article dumps."""

from pipeline.clean import clean, explain_lines
from pipeline.document import Article, Removal

__version__ = "0.1.0"
__all__ = ["Article", "Removal", "clean", "explain_lines", "__version__"]
