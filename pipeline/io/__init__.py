"""Bytes in and out: the stores (a local folder or S3, `storage`), the readers of every input format
(`readers`) and WARC files (`warc`). May import `core` only."""
