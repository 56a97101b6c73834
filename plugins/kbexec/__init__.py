"""kbexec: executable, verified code blocks for MkDocs pages, checked again by pytest.

Vocabulary: a *document* (page) has *blocks*; the *runner* turns blocks into *results* in a
page process forked by the *zygote*; the *renderer* puts results back into the Markdown.
Front ends: `mkdocs_plugin` (MkDocs) and `pytest_plugin` (pytest). Neither is imported here.
"""

__version__ = "0.1.0"
