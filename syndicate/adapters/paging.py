"""Reading an account's posts back to a point in time, page by page.

Reconciliation must find an article's earlier post anywhere inside the
flood-guard window, not only on the newest page. The Graph API pages with
cursors: each page carries ``paging.cursors.after`` and, when there is more,
``paging.next`` (https://developers.facebook.com/docs/graph-api/results,
"Cursor-based Pagination"). The ``next`` URL itself is not followed: Graph
puts the access token in it, and tokens never go into a URL here; the same
request is sent again with ``after`` instead, the token staying in the header.
"""

from __future__ import annotations

from datetime import datetime


def graph_posts_since(
    graph, path: str, params: dict, *, time_field: str, horizon: datetime, max_pages: int
) -> list[dict]:
    """Items of a Graph edge, newest first, until a page reaches ``horizon``."""
    items: list[dict] = []
    query = dict(params)
    for _page in range(max_pages):
        body = graph.request("GET", path, params=query)
        data = body.get("data") or []
        items.extend(data)
        paging = body.get("paging") or {}
        after = (paging.get("cursors") or {}).get("after")
        if not data or not paging.get("next") or not after:
            break
        if any(older_than(item.get(time_field), horizon) for item in data):
            break
        query = {**params, "after": after}
    return items


def older_than(stamp: str | None, horizon: datetime) -> bool:
    """True when an ISO time (Graph writes ``+0000``) lies before ``horizon``."""
    if not stamp:
        return False
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return False
    return moment.tzinfo is not None and moment < horizon
