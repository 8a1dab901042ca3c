"""`python -m bench` (`make bench`): run the benchmark suite and print its table."""

import sys

from .run import main

sys.exit(main())
