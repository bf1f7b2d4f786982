"""What every other package builds on: the document types (`document`), the settings (`settings`), the text
helpers (`text`) and a text's language (`language`). It imports nothing else of `pipeline`."""

__version__ = "0.1.0"
