"""Download jobs: choosing chapters, fetching them, the pipeline to a book file, the queue and
progress."""
