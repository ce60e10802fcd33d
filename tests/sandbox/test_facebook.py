"""Facebook Page endpoints, driven with requests as the engine's adapter will."""

from __future__ import annotations

import json

import requests

from bkd_sandbox.testing import graph_headers, jpeg_bytes


def feed_url(sandbox) -> str:
    return f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/feed"


def test_link_post_returns_page_scoped_id_and_permalink(sandbox):
    response = requests.post(
        feed_url(sandbox),
        data={"message": "Pengumuman seleksi PPPK", "link": "https://bkd.nttprov.go.id/p/1.html"},
        headers=graph_headers(sandbox),
    )
    assert response.status_code == 200
    post_id = response.json()["id"]
    page_id, _, story_id = post_id.partition("_")
    assert page_id == sandbox.config.facebook.page_id
    assert story_id.isdigit() and len(story_id) >= 15

    permalink = requests.get(
        f"{sandbox.graph_url}/{post_id}",
        params={"fields": "permalink_url"},
        headers=graph_headers(sandbox),
    ).json()
    assert permalink["id"] == post_id
    assert permalink["permalink_url"].endswith(f"#facebook-{post_id}")

    [stored] = sandbox.posts("facebook")
    assert stored["text"] == "Pengumuman seleksi PPPK"
    assert stored["link"] == "https://bkd.nttprov.go.id/p/1.html"


def test_token_in_form_body_is_accepted_without_violation(sandbox):
    token = sandbox.config.facebook.access_token
    response = requests.post(feed_url(sandbox), data={"message": "Halo", "access_token": token})
    assert response.status_code == 200
    assert sandbox.violations()["count"] == 0


def test_photo_post_by_url_and_by_upload(sandbox, image_host):
    photos = f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/photos"
    by_url = requests.post(
        photos,
        data={"url": image_host.url + "/square.jpg", "caption": "Rapat koordinasi"},
        headers=graph_headers(sandbox),
    )
    assert by_url.status_code == 200
    assert set(by_url.json()) == {"id", "post_id"}

    by_upload = requests.post(
        photos,
        data={"caption": "Foto drone"},
        files={"source": ("drone.jpg", jpeg_bytes(800, 600), "image/jpeg")},
        headers=graph_headers(sandbox),
    )
    assert by_upload.status_code == 200
    posts = sandbox.posts("facebook")
    assert [p["text"] for p in posts] == ["Rapat koordinasi", "Foto drone"]
    assert posts[0]["images"] == [image_host.url + "/square.jpg"]


def test_photo_with_unreachable_url_is_refused(sandbox, image_host):
    response = requests.post(
        f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/photos",
        data={"url": image_host.url + "/missing.jpg"},
        headers=graph_headers(sandbox),
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == 324
    assert sandbox.posts("facebook") == []


def test_multi_photo_post_with_attached_media(sandbox, image_host):
    photos = f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/photos"
    ids = []
    for name in ("square.jpg", "wide.jpg"):
        response = requests.post(
            photos,
            data={"url": f"{image_host.url}/{name}", "published": "false"},
            headers=graph_headers(sandbox),
        )
        assert response.status_code == 200
        assert "post_id" not in response.json()  # unpublished photos make no post
        ids.append(response.json()["id"])
    assert sandbox.posts("facebook") == []

    form = {"message": "Galeri kegiatan"}
    form |= {f"attached_media[{i}]": json.dumps({"media_fbid": fbid}) for i, fbid in enumerate(ids)}
    response = requests.post(feed_url(sandbox), data=form, headers=graph_headers(sandbox))
    assert response.status_code == 200
    [post] = sandbox.posts("facebook")
    assert post["images"] == [f"{image_host.url}/square.jpg", f"{image_host.url}/wide.jpg"]

    # A photo can be attached to one post only.
    again = requests.post(
        feed_url(sandbox), data=form | {"message": "lagi"}, headers=graph_headers(sandbox)
    )
    assert again.status_code == 400
    assert again.json()["error"]["code"] == 100


def test_feed_lists_newest_first_with_paging_and_fields(sandbox):
    for number in range(3):
        requests.post(
            feed_url(sandbox),
            data={"message": f"Berita {number}", "link": f"https://bkd.nttprov.go.id/{number}"},
            headers=graph_headers(sandbox),
        ).raise_for_status()
    first = requests.get(
        feed_url(sandbox),
        params={"fields": "message,permalink_url,attachments{unshimmed_url}", "limit": 2},
        headers=graph_headers(sandbox),
    ).json()
    assert [item["message"] for item in first["data"]] == ["Berita 2", "Berita 1"]
    assert (
        first["data"][0]["attachments"]["data"][0]["unshimmed_url"] == "https://bkd.nttprov.go.id/2"
    )
    after = first["paging"]["cursors"]["after"]
    second = requests.get(
        feed_url(sandbox), params={"after": after, "limit": 2}, headers=graph_headers(sandbox)
    ).json()
    assert [item["message"] for item in second["data"]] == ["Berita 0"]
    assert set(second["data"][0]) == {"id", "message", "created_time"}


def test_duplicate_status_is_code_506(sandbox):
    data = {"message": "Sama persis"}
    assert requests.post(feed_url(sandbox), data=data, headers=graph_headers(sandbox)).ok
    again = requests.post(feed_url(sandbox), data=data, headers=graph_headers(sandbox))
    assert again.status_code == 400
    assert again.json()["error"]["code"] == 506


def test_wrong_token_is_code_190_and_nothing_is_posted(sandbox):
    response = requests.post(
        feed_url(sandbox), data={"message": "x"}, headers=graph_headers(sandbox, "wrong-token")
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == 190
    assert error["type"] == "OAuthException"
    assert error["fbtrace_id"]
    assert sandbox.posts("facebook") == []


def test_expired_token_is_code_190_subcode_463(sandbox):
    sandbox.expire_token("facebook")
    response = requests.post(
        feed_url(sandbox), data={"message": "x"}, headers=graph_headers(sandbox)
    )
    error = response.json()["error"]
    assert (error["code"], error["error_subcode"]) == (190, 463)
    sandbox.expire_token("facebook", expired=False)
    assert requests.post(
        feed_url(sandbox), data={"message": "x"}, headers=graph_headers(sandbox)
    ).ok


def test_missing_token_is_refused(sandbox):
    response = requests.post(feed_url(sandbox), data={"message": "x"})
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "OAuthException"


def test_unknown_object_is_code_100_subcode_33(sandbox):
    response = requests.get(
        f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}_999", headers=graph_headers(sandbox)
    )
    error = response.json()["error"]
    assert (error["code"], error["error_subcode"]) == (100, 33)


def test_token_in_query_string_is_counted_as_violation_and_kept_out_of_records(sandbox):
    token = sandbox.config.facebook.access_token
    response = requests.get(feed_url(sandbox), params={"access_token": token})
    assert response.status_code == 200  # Graph allows it; the project does not
    violations = sandbox.violations()
    assert violations["count"] == 1
    [item] = violations["items"]
    assert item["kind"] == "token_in_url" and item["platform"] == "facebook"
    assert token not in json.dumps(violations)
    assert "access_token=REDACTED" in item["path"]


def test_page_rate_limit_is_code_32_with_usage_header():
    from bkd_sandbox.testing import fast_config, running_sandbox

    with running_sandbox(fast_config(facebook__calls_per_window=2)) as sandbox:
        for _ in range(2):
            assert requests.get(feed_url(sandbox), headers=graph_headers(sandbox)).ok
        limited = requests.get(feed_url(sandbox), headers=graph_headers(sandbox))
        assert limited.status_code == 400
        assert limited.json()["error"]["code"] == 32
        usage = json.loads(limited.headers["X-Page-Usage"])
        assert usage["estimated_time_to_regain_access"] >= 1


def test_strict_mode_refuses_tokens_in_the_url():
    from bkd_sandbox.testing import fast_config, running_sandbox

    with running_sandbox(fast_config(reject_token_in_url=True)) as sandbox:
        token = sandbox.config.facebook.access_token
        response = requests.post(
            feed_url(sandbox), params={"access_token": token}, data={"message": "x"}
        )
        assert response.status_code == 400
        assert sandbox.posts("facebook") == []
        assert sandbox.violations()["count"] == 1


def test_page_and_photo_objects(sandbox, image_host):
    page = requests.get(
        f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}",
        params={"fields": "name,username"},
        headers=graph_headers(sandbox),
    ).json()
    assert page == {
        "id": sandbox.config.facebook.page_id,
        "name": "BKD Provinsi NTT",
        "username": "BkdProvNtt",
    }
    photo_id = requests.post(
        f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/photos",
        data={"url": image_host.url + "/square.jpg", "published": "false"},
        headers=graph_headers(sandbox),
    ).json()["id"]
    photo = requests.get(f"{sandbox.graph_url}/{photo_id}", headers=graph_headers(sandbox)).json()
    assert photo["id"] == photo_id


def test_faults_helpers(sandbox):
    sandbox.arm("facebook", "http_500", "*/feed", count=2)
    assert post_status(sandbox) == 500
    [fault] = sandbox.faults()
    assert (fault["hits"], fault["remaining"]) == (1, 1)
    sandbox.clear_faults()
    assert sandbox.faults() == []
    assert post_status(sandbox) == 200


def post_status(sandbox) -> int:
    return requests.post(
        feed_url(sandbox), data={"message": "m"}, headers=graph_headers(sandbox)
    ).status_code
