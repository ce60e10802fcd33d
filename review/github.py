"""One sticky pull-request comment, updated in place on every push.

GitHub's REST API for issue comments (pull requests are issues there):
- list:   GET   {api}/repos/{owner}/{repo}/issues/{number}/comments?per_page=100&page=N
          (pages linked by the `Link` header, rel="next")
- create: POST  {api}/repos/{owner}/{repo}/issues/{number}/comments  {"body": ...}
- update: PATCH {api}/repos/{owner}/{repo}/issues/comments/{comment_id}  {"body": ...}
https://docs.github.com/en/rest/issues/comments

The comment is found again by a hidden HTML marker at the start of its body,
and only among comments written by the posting account, so a reader who quotes
the marker in their own comment cannot make the bot edit theirs (it could not
anyway) or stop updating its own.
"""

from __future__ import annotations

import requests

from review import MARKER

API_VERSION = "2022-11-28"


class GitHubError(Exception):
    pass


class Comments:
    def __init__(self, api_url: str, repo: str, token: str, *, session=None) -> None:
        self.api = api_url.rstrip("/")
        self.repo = repo
        self.http = session or requests.Session()
        self.http.headers.update(
            {
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {token}",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": "bkd-ntt-review-package",
            }
        )

    def _check(self, response, what: str):
        if response.status_code >= 400:
            # The body may echo the request; never the token, which is in a header.
            raise GitHubError(f"{what}: HTTP {response.status_code} {response.text[:300]}")
        return response

    def head_is(self, number: int, sha: str) -> bool:
        """The pull request's head commit is `sha` (GET /repos/{o}/{r}/pulls/{n}).

        The workflow that posts gets the number from an artifact the pull
        request's own (untrusted) run made; this ties it to the commit built."""
        url = f"{self.api}/repos/{self.repo}/pulls/{number}"
        response = self.http.get(url, timeout=30)
        if response.status_code == 404:
            return False
        head = self._check(response, "read pull request").json().get("head") or {}
        return head.get("sha") == sha

    def list(self, number: int) -> list[dict]:
        url = f"{self.api}/repos/{self.repo}/issues/{number}/comments"
        params: dict | None = {"per_page": 100}
        out: list[dict] = []
        while url:
            response = self._check(self.http.get(url, params=params, timeout=30), "list comments")
            out += response.json()
            url = response.links.get("next", {}).get("url")
            params = None  # the next link carries its own query
        return out

    def find_sticky(self, number: int, author: str | None = None) -> dict | None:
        for comment in self.list(number):
            if not (comment.get("body") or "").startswith(MARKER):
                continue
            if author and (comment.get("user") or {}).get("login") != author:
                continue
            return comment
        return None

    def upsert(self, number: int, body: str, author: str | None = None) -> dict:
        """Update the sticky comment if there is one, else create it."""
        if not body.startswith(MARKER):
            body = f"{MARKER}\n{body}"
        existing = self.find_sticky(number, author)
        if existing:
            url = f"{self.api}/repos/{self.repo}/issues/comments/{existing['id']}"
            response = self.http.patch(url, json={"body": body}, timeout=30)
            return self._check(response, "update comment").json()
        url = f"{self.api}/repos/{self.repo}/issues/{number}/comments"
        response = self.http.post(url, json={"body": body}, timeout=30)
        return self._check(response, "create comment").json()

    def set_status(self, sha: str, *, state: str, target_url: str, context: str, description: str):
        """A commit status whose target_url is the page preview.
        POST {api}/repos/{owner}/{repo}/statuses/{sha}
        https://docs.github.com/en/rest/commits/statuses"""
        url = f"{self.api}/repos/{self.repo}/statuses/{sha}"
        payload = {
            "state": state,
            "target_url": target_url,
            "context": context,
            "description": description[:140],
        }
        return self._check(self.http.post(url, json=payload, timeout=30), "commit status").json()
