"""X endpoints driven with tweepy.Client and tweepy's OAuth 1.0a handler."""

from __future__ import annotations

import time

import pytest
import requests
import tweepy

from bkd_sandbox.testing import (
    fast_config,
    jpeg_bytes,
    make_tweepy_client,
    make_x_session,
    running_sandbox,
)

ARTICLE = "https://bkd.nttprov.go.id/berita/2026/11/seleksi-pppk-tahap-dua-kabupaten-kupang.html"


def upload_image(sandbox, **credentials) -> requests.Response:
    session, auth = make_x_session(sandbox, **credentials)
    return session.post(
        "https://api.x.com/2/media/upload",
        files={"media": ("poster.jpg", jpeg_bytes(1200, 675), "image/jpeg")},
        data={"media_category": "tweet_image"},
        auth=auth,
    )


def test_create_tweet_returns_snowflake_and_tco_text(sandbox, x_client):
    response = x_client.create_tweet(text=f"Seleksi PPPK tahap dua {ARTICLE}")
    tweet_id = response.data["id"]
    assert tweet_id.isdigit() and len(tweet_id) >= 18
    assert set(response.data) == {"id", "text"}  # TweetCreateResponse in the OpenAPI document
    # X shortens every link to t.co in the text it returns.
    assert ARTICLE not in response.data["text"]
    assert "https://t.co/" in response.data["text"]
    [post] = sandbox.posts("x")
    assert post["text"] == f"Seleksi PPPK tahap dua {ARTICLE}"
    assert post["link"] == ARTICLE


def test_media_upload_alt_text_and_tweet_with_media(sandbox, x_client):
    uploaded = upload_image(sandbox)
    assert uploaded.status_code == 200
    media = uploaded.json()["data"]
    assert media["media_key"] == f"3_{media['id']}"
    assert media["size"] > 0

    session, auth = make_x_session(sandbox)
    metadata = session.post(
        "https://api.x.com/2/media/metadata",
        json={"id": media["id"], "metadata": {"alt_text": {"text": "Poster seleksi"}}},
        auth=auth,
    )
    assert metadata.status_code == 200

    x_client.create_tweet(text="Dengan gambar", media_ids=[media["id"]])
    [post] = sandbox.posts("x")
    assert post["media_ids"] == [media["id"]]
    assert post["alt_texts"] == ["Poster seleksi"]


def test_media_upload_with_requests_oauthlib_directly(sandbox):
    from requests_oauthlib import OAuth1

    account = sandbox.config.x
    auth = OAuth1(
        account.consumer_key,
        account.consumer_secret,
        account.access_token,
        account.access_token_secret,
    )
    response = requests.post(
        f"{sandbox.x_url}/2/media/upload",  # signed for the sandbox URL itself
        files={"media": ("a.png", jpeg_bytes(64, 64, fmt="PNG"), "image/png")},
        auth=auth,
    )
    assert response.status_code == 200
    assert response.json()["data"]["media_key"].startswith("3_")


def test_media_upload_rejects_non_images(sandbox):
    session, auth = make_x_session(sandbox)
    response = session.post(
        "https://api.x.com/2/media/upload",
        files={"media": ("a.txt", b"hello", "text/plain")},
        auth=auth,
    )
    assert response.status_code == 400


def test_unknown_media_id_is_bad_request(x_client):
    with pytest.raises(tweepy.BadRequest):
        x_client.create_tweet(text="x", media_ids=["1234567890123456789"])


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("a" * 280, True),
        ("a" * 281, False),
        ("😀" * 140, True),  # emoji weigh 2
        ("😀" * 141, False),
        ("直" * 141, False),  # CJK weighs 2
        ("a" * 256 + " " + ARTICLE, True),  # a URL counts 23, however long
        ("a" * 257 + " " + ARTICLE, False),
    ],
    ids=["280-ascii", "281-ascii", "140-emoji", "141-emoji", "141-cjk", "url-fits", "url-over"],
)
def test_weighted_length(sandbox, x_client, text, ok):
    if ok:
        x_client.create_tweet(text=text)
        assert len(sandbox.posts("x")) == 1
    else:
        with pytest.raises(tweepy.BadRequest) as raised:
            x_client.create_tweet(text=text)
        assert "too long" in str(raised.value)
        assert sandbox.posts("x") == []


def test_duplicate_is_forbidden_with_duplicate_content_message(sandbox, x_client):
    x_client.create_tweet(text="Pengumuman yang sama")
    with pytest.raises(tweepy.Forbidden) as raised:
        x_client.create_tweet(text="Pengumuman yang sama")
    assert "duplicate content" in str(raised.value)
    assert raised.value.api_codes == []
    assert raised.value.response.json()["status"] == 403
    assert len(sandbox.posts("x")) == 1


@pytest.mark.parametrize(
    "credentials",
    [
        {"consumer_key": "someone-else"},
        {"access_token": "another-user"},
        {"consumer_secret": "wrong-secret"},  # signature does not verify
        {"access_token_secret": "wrong-secret"},
    ],
    ids=["consumer-key", "access-token", "consumer-secret", "token-secret"],
)
def test_bad_credentials_are_401(sandbox, credentials):
    client = make_tweepy_client(sandbox, **credentials)
    with pytest.raises(tweepy.Unauthorized):
        client.create_tweet(text="tidak boleh")
    assert upload_image(sandbox, **credentials).status_code == 401
    assert sandbox.posts("x") == []


def test_missing_oauth_header_is_401(sandbox):
    response = requests.post(f"{sandbox.x_url}/2/tweets", json={"text": "tanpa auth"})
    assert response.status_code == 401
    assert response.json()["title"] == "Unauthorized"


def test_expired_user_token_is_401(sandbox, x_client):
    sandbox.expire_token("x")
    with pytest.raises(tweepy.Unauthorized):
        x_client.create_tweet(text="x")


def test_rate_limit_headers_and_429():
    with running_sandbox(fast_config(x__tweets_per_window=2)) as sandbox:
        client = make_tweepy_client(sandbox)
        client.return_type = requests.Response
        first = client.create_tweet(text="satu")
        assert first.headers["x-rate-limit-limit"] == "2"
        assert first.headers["x-rate-limit-remaining"] == "1"
        reset = int(first.headers["x-rate-limit-reset"])
        assert time.time() < reset <= time.time() + 900 + 1
        client.create_tweet(text="dua")
        with pytest.raises(tweepy.TooManyRequests) as raised:
            client.create_tweet(text="tiga")
        assert raised.value.response.headers["x-rate-limit-remaining"] == "0"
        assert int(raised.value.response.headers["x-rate-limit-reset"]) == reset
        assert len(sandbox.posts("x")) == 2


def test_user_timeline_with_entities_for_reconciliation(sandbox, x_client):
    for number in range(3):
        x_client.create_tweet(text=f"Berita {number} {ARTICLE}?n={number}")
    me = x_client.get_me(user_auth=True).data
    assert me.username == sandbox.config.x.username
    page = x_client.get_users_tweets(
        me.id, user_auth=True, max_results=5, tweet_fields=["created_at", "entities"]
    )
    assert [t.text.split(" ")[1] for t in page.data] == ["2", "1", "0"]
    newest = page.data[0]
    assert newest.entities["urls"][0]["expanded_url"] == f"{ARTICLE}?n=2"
    assert newest.created_at is not None
    assert page.meta["result_count"] == 3


def test_user_timeline_paging_and_bearer_token(sandbox, x_client):
    for number in range(7):
        x_client.create_tweet(text=f"Kabar {number}")
    app_client = tweepy.Client(bearer_token=sandbox.config.x.bearer_token)
    from syndicate.transport import rebase_session

    rebase_session(app_client.session, sandbox.x_url)
    first = app_client.get_users_tweets(sandbox.config.x.user_id, max_results=5)
    assert len(first.data) == 5
    second = app_client.get_users_tweets(
        sandbox.config.x.user_id, max_results=5, pagination_token=first.meta["next_token"]
    )
    assert [t.text for t in second.data] == ["Kabar 1", "Kabar 0"]
    with pytest.raises(tweepy.BadRequest):
        app_client.get_users_tweets(sandbox.config.x.user_id, max_results=200)


def test_concurrent_posts_are_all_stored_once(sandbox):
    from concurrent.futures import ThreadPoolExecutor

    def post(number: int) -> str:
        return make_tweepy_client(sandbox).create_tweet(text=f"Serentak {number}").data["id"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(post, range(24)))
    assert len(set(ids)) == 24
    assert sorted(p["text"] for p in sandbox.posts("x")) == sorted(
        f"Serentak {n}" for n in range(24)
    )


def test_problem_media_type(sandbox):
    response = requests.post(f"{sandbox.x_url}/2/tweets", json={"text": "x"})
    assert response.headers["Content-Type"] == "application/problem+json"


def test_single_tweet_lookup_and_not_found(sandbox, x_client):
    tweet_id = x_client.create_tweet(text=f"Satu {ARTICLE}").data["id"]
    found = x_client.get_tweet(tweet_id, user_auth=True, tweet_fields=["entities", "author_id"])
    assert found.data.author_id == int(sandbox.config.x.user_id)
    assert found.data.entities["urls"][0]["expanded_url"] == ARTICLE
    missing = x_client.get_tweet("1234567890123456789", user_auth=True)
    assert missing.data is None
    assert missing.errors[0]["title"] == "Not Found Error"


def test_stale_timestamp_and_replayed_nonce_are_401(sandbox):
    from requests_oauthlib import OAuth1

    account = sandbox.config.x
    url = f"{sandbox.x_url}/2/tweets"

    def signed(**extra) -> OAuth1:
        return OAuth1(
            account.consumer_key,
            account.consumer_secret,
            account.access_token,
            account.access_token_secret,
            **extra,
        )

    stale = requests.post(
        url, json={"text": "lama"}, auth=signed(timestamp=str(int(time.time()) - 3600))
    )
    assert stale.status_code == 401
    first = requests.post(url, json={"text": "sekali"}, auth=signed(nonce="fixed-nonce-123"))
    assert first.status_code == 201
    replay = requests.post(url, json={"text": "dua kali"}, auth=signed(nonce="fixed-nonce-123"))
    assert replay.status_code == 401
    assert [p["text"] for p in sandbox.posts("x")] == ["sekali"]


# --- the host is part of the signature --------------------------------------


def test_signature_for_api_twitter_com_sent_to_api_x_com_is_401(sandbox):
    """tweepy.Client as shipped signs https://api.twitter.com/...; a transport that
    rewrites it to the sandbox standing in for api.x.com sends a signature over
    the wrong host, and X answers 401 with its problem body."""
    from syndicate.transport import rebase_session

    account = sandbox.config.x
    plain = tweepy.Client(
        consumer_key=account.consumer_key,
        consumer_secret=account.consumer_secret,
        access_token=account.access_token,
        access_token_secret=account.access_token_secret,
    )
    rebase_session(plain.session, sandbox.x_url)
    with pytest.raises(tweepy.Unauthorized) as caught:
        plain.create_tweet(text="Ditandatangani untuk host lain", user_auth=True)
    assert caught.value.response.json() == {
        "title": "Unauthorized",
        "type": "about:blank",
        "status": 401,
        "detail": "Unauthorized",
    }
    assert sandbox.posts("x") == []


def test_signature_for_api_x_com_is_accepted_when_rebased(sandbox):
    from syndicate.adapters.x import XClient
    from syndicate.transport import rebase_session

    account = sandbox.config.x
    client = XClient(
        consumer_key=account.consumer_key,
        consumer_secret=account.consumer_secret,
        access_token=account.access_token,
        access_token_secret=account.access_token_secret,
        base_url="https://api.x.com",
    )
    rebase_session(client.session, sandbox.x_url, real_bases=("https://api.x.com",))
    assert client.create_tweet(text="Host yang benar", user_auth=True).data["id"]


def test_tampered_query_parameter_breaks_the_signature(sandbox):
    session, auth = make_x_session(sandbox)
    prepared = session.prepare_request(
        requests.Request(
            "GET",
            f"https://api.x.com/2/users/{sandbox.config.x.user_id}/tweets",
            params={"max_results": "5"},
            auth=auth,
        )
    )
    prepared.url = prepared.url.replace("max_results=5", "max_results=6")
    assert session.send(prepared).status_code == 401


# --- what X returns is not what was sent -------------------------------------


def test_returned_text_escapes_entities_and_appends_media_link(sandbox, x_client):
    uploaded = upload_image(sandbox).json()["data"]
    sent = "Rapat BKD & BPSDM <Kupang> > 3 jam"
    response = x_client.create_tweet(text=sent, media_ids=[uploaded["id"]])
    text = response.data["text"]
    assert text.startswith("Rapat BKD &amp; BPSDM &lt;Kupang&gt; &gt; 3 jam https://t.co/")
    me = x_client.get_users_tweets(
        sandbox.config.x.user_id, user_auth=True, max_results=5, tweet_fields=["entities"]
    ).data[0]
    assert me.text == text
    media_link = me.entities["urls"][-1]
    assert media_link["display_url"].startswith("pic.x.com/")
    assert media_link["expanded_url"].endswith("/photo/1")


# --- account-level answers ----------------------------------------------------


def test_read_only_app_gets_403_on_writes_and_says_so_in_header(sandbox, x_client):
    sandbox.config.x.access_level = "read"
    with pytest.raises(tweepy.Forbidden) as caught:
        x_client.create_tweet(text="Tanpa izin tulis")
    body = caught.value.response.json()
    assert body["type"] == "https://api.twitter.com/2/problems/oauth1-permissions"
    assert caught.value.response.headers["x-access-level"] == "read"
    me = x_client.session.get(f"{sandbox.x_url}/2/users/me", auth=x_client_auth(sandbox))
    assert me.status_code == 200 and me.headers["x-access-level"] == "read"


def test_credits_depleted_is_402_for_every_call(sandbox, x_client):
    sandbox.config.x.credits_depleted = True
    with pytest.raises(tweepy.HTTPException) as caught:
        x_client.create_tweet(text="Kredit habis")
    assert caught.value.response.status_code == 402
    assert caught.value.response.json()["type"].endswith("/credits-depleted")


def test_plan_without_reads_is_403_client_forbidden_on_timeline(sandbox, x_client):
    sandbox.config.x.reads_forbidden = True
    with pytest.raises(tweepy.Forbidden) as caught:
        x_client.get_users_tweets(sandbox.config.x.user_id, user_auth=True, max_results=5)
    assert caught.value.response.json()["type"].endswith("/client-forbidden")
    assert x_client.create_tweet(text="Menulis tetap bisa").data["id"]


def x_client_auth(sandbox):
    account = sandbox.config.x
    return tweepy.OAuth1UserHandler(
        account.consumer_key,
        account.consumer_secret,
        account.access_token,
        account.access_token_secret,
    ).apply_auth()
