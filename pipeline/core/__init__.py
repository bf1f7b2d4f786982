"""What every other package builds on: the document types (`document`), the settings (`settings`) and the text
helpers (`text`). It imports nothing else of `pipeline`."""

__version__ = "0.1.0"
