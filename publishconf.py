"""Production settings: `make publish`. Absolute URLs, and content errors are fatal
(the Makefile passes --fatal errors)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

# The public address; set SITEURL in the environment to deploy elsewhere
# (GitHub Pages preview, a staging server).
SITEURL = (os.environ.get("SITEURL") or ROBOTS_PRODUCTION_SITEURL).rstrip("/")  # noqa: F405
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# The FBS gate runs on every pull request (`fbs check`, .github/workflows/fbs.yml)
# before anything reaches main; repeating it in the production build only costs time.
FBS_ENABLED = False

# Everything readers get: minified pages with .gz/.br twins, and the search
# index of every page built afresh.
COMPRESS_ENABLED = True
SEARCH_ONLY_CHANGED = False
# Every page rendered afresh: a published site never depends on what an
# earlier build left in the output.
INCREMENTAL_RENDER = False

# The published editor signs in through GitHub (EDITOR_BACKEND), never a local server.
EDITOR_LOCAL_BACKEND = False
