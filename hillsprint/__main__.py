"""`python -m hillsprint`."""

import sys

from hillsprint.app import main

sys.exit(main())
