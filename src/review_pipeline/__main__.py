"""`python -m review_pipeline`: the same command line as the `review-pipeline` script."""

import sys

from review_pipeline.cli import main

sys.exit(main())
