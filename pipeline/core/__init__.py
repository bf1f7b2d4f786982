"""What every other package builds on: the document types (`document`), the settings (`settings`), the text
helpers (`text`), a text's language (`language`) and what the machine lets a process use (`machine`). It imports
nothing else of `pipeline`."""

__version__ = "0.1.0"
