"""What a dataset gives its readers: training shards (`export`) and a page about the dataset (`report`). Reads
rows through `dataset`; may import every package before it, never `quality`."""
