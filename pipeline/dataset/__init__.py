"""The Parquet dataset: its schema (`schema`), its files and their atomic writer (`tables`), the index of its key
columns (`index`) and what it holds by input (`ledger`). May import `core`, `io` and `cleaning` (for the
signal columns of the schema)."""
