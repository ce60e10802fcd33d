"""What the Kepala sees before approving a content pull request.

``changes`` lists the articles a pull request touches; ``package`` builds, for
each, the review package (FBS verdict, address, schedule, and per platform the
exact text the syndication engine will send) and renders it as GitHub Markdown;
``previews`` gathers the pictures and commits them to the preview branch;
``github`` posts the package as one sticky pull-request comment; ``sitecheck``
checks the built site (every article built, links and images resolve).
"""

# Starts the sticky comment's body: how the next run finds it to update it.
MARKER = "<!-- bkd-review-package -->"
