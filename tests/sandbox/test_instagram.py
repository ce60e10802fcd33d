"""Instagram content publishing, with the image really fetched and checked."""

from __future__ import annotations

import time

import pytest
import requests

from bkd_sandbox.testing import fast_config, graph_headers, running_sandbox


def ig(sandbox, edge: str = "") -> str:
    base = f"{sandbox.graph_url}/{sandbox.config.instagram.ig_user_id}"
    return f"{base}/{edge}" if edge else base


def headers(sandbox, token=None):
    return graph_headers(sandbox, token or sandbox.config.instagram.access_token)


def create_container(sandbox, **data) -> requests.Response:
    return requests.post(ig(sandbox, "media"), data=data, headers=headers(sandbox))


def wait_finished(sandbox, container_id: str) -> list[str]:
    seen = []
    for _ in range(100):
        status = requests.get(
            f"{sandbox.graph_url}/{container_id}",
            params={"fields": "status_code"},
            headers=headers(sandbox),
        ).json()["status_code"]
        seen.append(status)
        if status == "FINISHED":
            return seen
        time.sleep(0.05)
    raise AssertionError(f"container never finished: {seen}")


def test_single_image_publish_flow(sandbox, image_host):
    url = image_host.url + "/portrait.jpg"
    created = create_container(sandbox, image_url=url, caption="Apel pagi #BKDNTT", alt_text="Apel")
    assert created.status_code == 200
    container_id = created.json()["id"]
    assert image_host.hits.count("/portrait.jpg") >= 1  # really fetched

    # Publishing too early is refused with the documented "not ready" error.
    early = requests.post(
        ig(sandbox, "media_publish"), data={"creation_id": container_id}, headers=headers(sandbox)
    )
    assert early.status_code == 400
    assert (early.json()["error"]["code"], early.json()["error"]["error_subcode"]) == (
        9007,
        2207027,
    )

    seen = wait_finished(sandbox, container_id)
    assert seen[0] == "IN_PROGRESS" or len(seen) == 1
    published = requests.post(
        ig(sandbox, "media_publish"), data={"creation_id": container_id}, headers=headers(sandbox)
    )
    assert published.status_code == 200
    media_id = published.json()["id"]

    permalink = requests.get(
        f"{sandbox.graph_url}/{media_id}", params={"fields": "permalink"}, headers=headers(sandbox)
    ).json()
    assert permalink["permalink"].endswith(f"#instagram-{media_id}")
    status = requests.get(
        f"{sandbox.graph_url}/{container_id}",
        params={"fields": "status_code"},
        headers=headers(sandbox),
    ).json()
    assert status["status_code"] == "PUBLISHED"

    [post] = sandbox.posts("instagram")
    assert post["text"] == "Apel pagi #BKDNTT"
    assert post["alt_text"] == "Apel"
    assert post["images"] == [url]


def test_container_cannot_be_published_twice(sandbox, image_host):
    container_id = create_container(sandbox, image_url=image_host.url + "/square.jpg").json()["id"]
    wait_finished(sandbox, container_id)
    form = {"creation_id": container_id}
    assert requests.post(ig(sandbox, "media_publish"), data=form, headers=headers(sandbox)).ok
    again = requests.post(ig(sandbox, "media_publish"), data=form, headers=headers(sandbox))
    assert again.status_code == 400
    assert len(sandbox.posts("instagram")) == 1


def test_carousel_publish(sandbox, image_host):
    children = []
    for name in ("square.jpg", "portrait.jpg", "landscape.jpg"):
        response = create_container(
            sandbox, image_url=f"{image_host.url}/{name}", is_carousel_item="true"
        )
        assert response.status_code == 200
        children.append(response.json()["id"])
    parent = create_container(
        sandbox, media_type="CAROUSEL", children=",".join(children), caption="Galeri"
    )
    assert parent.status_code == 200
    wait_finished(sandbox, parent.json()["id"])
    published = requests.post(
        ig(sandbox, "media_publish"),
        data={"creation_id": parent.json()["id"]},
        headers=headers(sandbox),
    )
    assert published.status_code == 200
    [post] = sandbox.posts("instagram")
    assert post["media_type"] == "CAROUSEL_ALBUM"
    assert len(post["images"]) == 3


def test_carousel_needs_two_to_ten_children(sandbox, image_host):
    child = create_container(
        sandbox, image_url=image_host.url + "/square.jpg", is_carousel_item="true"
    ).json()["id"]
    response = create_container(sandbox, media_type="CAROUSEL", children=child)
    assert response.status_code == 400
    assert response.json()["error"]["error_subcode"] == 2207028


@pytest.mark.parametrize(
    ("path", "code", "subcode"),
    [
        ("/missing.jpg", 9004, 2207052),  # not reachable
        ("/photo.png", 36001, 2207005),  # not JPEG
        ("/not-an-image.jpg", 36001, 2207005),
        ("/tall.jpg", 36003, 2207009),  # 9:16 is taller than 4:5
        ("/wide.jpg", 36003, 2207009),  # 2.4:1 is wider than 1.91:1
        ("/huge.jpg", 36000, 2207004),  # over 8 MB
    ],
)
def test_images_instagram_would_reject(sandbox, image_host, path, code, subcode):
    response = create_container(sandbox, image_url=image_host.url + path, caption="x")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["error_subcode"]) == (code, subcode)
    assert error["error_user_title"]


def test_unreachable_host_is_media_download_failed(sandbox):
    response = create_container(sandbox, image_url="http://127.0.0.1:9/nothing.jpg")
    assert response.json()["error"]["error_subcode"] == 2207052


@pytest.mark.parametrize(
    "caption",
    ["a" * 2201, " ".join(f"#tag{i}" for i in range(31))],
    ids=["over-2200-characters", "31-hashtags"],
)
def test_caption_limits(sandbox, image_host, caption):
    response = create_container(sandbox, image_url=image_host.url + "/square.jpg", caption=caption)
    assert response.status_code == 400
    # Instagram error-code table: 36004 / 2207010 for an invalid caption.
    error = response.json()["error"]
    assert (error["code"], error["error_subcode"]) == (36004, 2207010)


def test_caption_at_the_limits_is_accepted(sandbox, image_host):
    caption = " ".join(f"#t{i}" for i in range(30))
    caption += " " + "a" * (2200 - len(caption) - 1)
    assert len(caption) == 2200
    response = create_container(
        sandbox, image_url=image_host.url + "/landscape.jpg", caption=caption
    )
    assert response.status_code == 200


def test_publishing_limit_endpoint_and_refusal(image_host):
    config = fast_config(instagram__publishing_limit=1, instagram__container_processing_seconds=0)
    with running_sandbox(config) as sandbox:

        def limit():
            return requests.get(
                ig(sandbox, "content_publishing_limit"),
                params={"fields": "config,quota_usage"},
                headers=headers(sandbox),
            ).json()["data"][0]

        assert limit() == {"config": {"quota_total": 1, "quota_duration": 86400}, "quota_usage": 0}
        first = create_container(sandbox, image_url=image_host.url + "/square.jpg").json()["id"]
        assert requests.post(
            ig(sandbox, "media_publish"), data={"creation_id": first}, headers=headers(sandbox)
        ).ok
        assert limit()["quota_usage"] == 1
        second = create_container(sandbox, image_url=image_host.url + "/square.jpg").json()["id"]
        refused = requests.post(
            ig(sandbox, "media_publish"), data={"creation_id": second}, headers=headers(sandbox)
        )
        error = refused.json()["error"]
        assert (error["code"], error["error_subcode"]) == (9, 2207042)
        assert len(sandbox.posts("instagram")) == 1


def test_media_listing_for_reconciliation(sandbox, image_host):
    container_id = create_container(
        sandbox,
        image_url=image_host.url + "/square.jpg",
        caption="Tautan di bio: https://bkd.nttprov.go.id/a",
    ).json()["id"]
    wait_finished(sandbox, container_id)
    media_id = requests.post(
        ig(sandbox, "media_publish"), data={"creation_id": container_id}, headers=headers(sandbox)
    ).json()["id"]
    listing = requests.get(
        ig(sandbox, "media"),
        params={"fields": "id,caption,permalink,timestamp"},
        headers=headers(sandbox),
    ).json()
    [item] = listing["data"]
    assert item["id"] == media_id
    assert "https://bkd.nttprov.go.id/a" in item["caption"]
    assert item["timestamp"].endswith("+0000")


def test_wrong_token_is_code_190(sandbox, image_host):
    response = requests.post(
        ig(sandbox, "media"),
        data={"image_url": image_host.url + "/square.jpg"},
        headers=headers(sandbox, "not-the-token"),
    )
    assert response.json()["error"]["code"] == 190


def test_expired_token_is_code_190(sandbox, image_host):
    sandbox.expire_token("instagram")
    response = requests.get(ig(sandbox, "content_publishing_limit"), headers=headers(sandbox))
    assert response.json()["error"]["code"] == 190
    # Facebook is a separate account in the sandbox: still fine.
    page_feed = f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/feed"
    assert requests.get(page_feed, headers=graph_headers(sandbox)).ok


def test_slow_image_host_is_download_timeout(image_host):
    config = fast_config(instagram__image_fetch_timeout_seconds=0.3)
    with running_sandbox(config) as sandbox:
        response = create_container(sandbox, image_url=image_host.url + "/slow.jpg")
        error = response.json()["error"]
        assert (error["code"], error["error_subcode"]) == (-2, 2207003)
        assert error["is_transient"] is True


def test_instagram_user_object(sandbox):
    user = requests.get(
        ig(sandbox), params={"fields": "username,media_count"}, headers=headers(sandbox)
    ).json()
    assert user == {
        "id": sandbox.config.instagram.ig_user_id,
        "username": "bkdprovinsintt",
        "media_count": 0,
    }


@pytest.mark.parametrize("seconds", [0.3, 0.8])
def test_container_stays_in_progress_for_the_configured_time(image_host, seconds):
    with running_sandbox(fast_config(instagram__container_processing_seconds=seconds)) as sandbox:
        started = time.monotonic()
        created = create_container(
            sandbox, image_url=image_host.url + "/portrait.jpg", caption="Proses"
        )
        seen = wait_finished(sandbox, created.json()["id"])
        waited = time.monotonic() - started
    assert seen[0] == "IN_PROGRESS" and seen[-1] == "FINISHED"
    assert waited >= seconds  # never FINISHED before the configured time


def test_media_listing_pages_with_after_cursors(image_host):
    with running_sandbox(fast_config(instagram__container_processing_seconds=0)) as sandbox:
        ids = []
        for n in range(5):
            created = create_container(
                sandbox, image_url=image_host.url + "/portrait.jpg", caption=f"Ke-{n}"
            )
            ids.append(
                requests.post(
                    ig(sandbox, "media_publish"),
                    data={"creation_id": created.json()["id"]},
                    headers=headers(sandbox),
                ).json()["id"]
            )
        seen, params = [], {"fields": "id,timestamp", "limit": "2"}
        while True:
            page = requests.get(ig(sandbox, "media"), params=params, headers=headers(sandbox))
            body = page.json()
            seen += [item["id"] for item in body["data"]]
            if "next" not in body.get("paging", {}):
                break
            params = {**params, "after": body["paging"]["cursors"]["after"]}
    assert seen == list(reversed(ids))
