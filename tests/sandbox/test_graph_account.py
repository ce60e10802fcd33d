"""Graph reads that prove an account is ready (used by `syndicate doctor`) and
the permission refusals posting meets when it is not."""

from __future__ import annotations

import requests

from bkd_sandbox.testing import graph_headers


def debug_token(sandbox, token=None):
    token = token or sandbox.config.facebook.access_token
    return requests.get(
        f"{sandbox.graph_url}/debug_token",
        params={"input_token": token},
        headers=graph_headers(sandbox, token),
    )


def test_debug_token_reports_a_valid_page_token_and_its_scopes(sandbox):
    data = debug_token(sandbox).json()["data"]
    assert data["is_valid"] is True and data["type"] == "PAGE"
    assert data["profile_id"] == sandbox.config.facebook.page_id
    assert {"pages_manage_posts", "instagram_content_publish"} <= set(data["scopes"])
    assert {"scope": "pages_manage_posts", "target_ids": [data["profile_id"]]} in data[
        "granular_scopes"
    ]


def test_debug_token_of_an_expired_token_is_invalid_with_the_reason(sandbox):
    sandbox.expire_token("facebook")
    data = debug_token(sandbox).json()["data"]
    assert data["is_valid"] is False
    assert data["error"]["code"] == 190 and data["error"]["subcode"] == 463


def test_linked_instagram_account_is_a_page_field(sandbox):
    page = sandbox.config.facebook.page_id
    url = f"{sandbox.graph_url}/{page}"
    params = {"fields": "instagram_business_account"}
    linked = requests.get(url, params=params, headers=graph_headers(sandbox)).json()
    assert linked["instagram_business_account"] == {"id": sandbox.config.instagram.ig_user_id}
    sandbox.config.facebook.instagram_linked = False
    unlinked = requests.get(url, params=params, headers=graph_headers(sandbox)).json()
    assert "instagram_business_account" not in unlinked


def test_posting_without_pages_manage_posts_is_code_200(sandbox):
    sandbox.config.facebook.scopes = ["pages_show_list", "pages_read_engagement"]
    response = requests.post(
        f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/feed",
        data={"message": "Tanpa izin"},
        headers=graph_headers(sandbox),
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == 200
    assert sandbox.posts("facebook") == []


def test_publishing_without_instagram_content_publish_is_code_10(sandbox):
    sandbox.config.facebook.scopes = ["pages_manage_posts", "pages_read_engagement"]
    response = requests.post(
        f"{sandbox.graph_url}/{sandbox.config.instagram.ig_user_id}/media",
        data={"image_url": "http://127.0.0.1:9/x.jpg", "caption": "x"},
        headers=graph_headers(sandbox),
    )
    assert response.json()["error"]["code"] == 10
