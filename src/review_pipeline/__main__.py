"""`python -m review_pipeline`: the same command line as the `review-pipeline` script."""

from review_pipeline.cli import entry

entry()
