"""`python -m bot.cli`: the `hackbot` command."""

import sys

from bot.cli.main import main

sys.exit(main())
