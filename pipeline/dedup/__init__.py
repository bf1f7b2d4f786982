"""Duplicates across the dataset: exact links (`exact`), near-duplicate signatures and links (`minhash`,
`near`), and the order every link follows (`order`). May import `core`, `io`, `cleaning` and `dataset`."""
