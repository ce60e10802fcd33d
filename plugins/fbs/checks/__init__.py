"""The automated FBS checks. Each module serves one or two FBS points and
exposes `check(doc, ctx)`, which appends findings to the document."""
