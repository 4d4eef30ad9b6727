"""The PyInstaller bundle's entry point: the same `main()` as the `hillsprint` command."""

import sys

from hillsprint.app import main

if __name__ == "__main__":
    sys.exit(main())
