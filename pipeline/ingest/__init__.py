"""A batch of inputs to rows: reading, cleaning and the row's columns (`batch`), metadata (`metadata`) and the
boilerplate learned across a source's documents (`boilerplate`). May import every package listed before it
in `pipeline` (core, io, cleaning, dataset, dedup)."""
