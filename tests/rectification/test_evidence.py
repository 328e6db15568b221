"""Evidence (佐证材料): upload, download and thumbnail, private to the problem's scope."""

import pytest

from rectification.models import Evidence
from tests.rectification.conftest import SOON, png_bytes, text, upload, url


@pytest.fixture
def deadline():
    return SOON


def test_photo_is_stored_privately_with_a_thumbnail(client, head_a, head_b, problem_a, settings):
    client.force_login(head_a)
    upload(client, problem_a)
    evidence = Evidence.objects.get()
    assert evidence.original_name == "整改后.png"
    assert "整改后" not in evidence.file.name and len(evidence.sha256) == 64
    assert evidence.thumbnail
    response = client.get(url("evidence_thumbnail", evidence.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(url("evidence_download", evidence.pk)).status_code == 200
    client.force_login(head_b)
    assert client.get(url("evidence_download", evidence.pk)).status_code == 404


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("脚本.exe", b"MZ", "只接受图片"),
        ("假图片.jpg", b"not an image", "不是真正的图片"),
        ("报告.pdf", b"hello", "文件内容与扩展名"),
    ],
)
def test_bad_evidence_is_refused(client, head_a, problem_a, name, data, message):
    client.force_login(head_a)
    response = upload(client, problem_a, name=name, data=data)
    assert message in text(client.get(response.url))
    assert not Evidence.objects.exists()


def test_oversized_evidence_is_refused(client, head_a, problem_a, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    client.force_login(head_a)
    response = upload(client, problem_a)
    assert "超过了" in text(client.get(response.url))
    assert not Evidence.objects.exists()


def test_a_path_in_the_name_is_refused(head_a, problem_a):
    from rectification.evidence import add_evidence
    from rectification.workflow import WorkflowError

    with pytest.raises(WorkflowError, match="不能包含路径"):
        add_evidence(problem_a, head_a, name="../../etc/passwd.png", data=png_bytes())


def test_leader_may_not_upload(client, leader, problem_a):
    client.force_login(leader)
    assert upload(client, problem_a).status_code == 403


def test_upload_without_a_file_is_explained(client, head_a, problem_a):
    client.force_login(head_a)
    response = client.post(url("evidence_upload", problem_a.pk), follow=True)
    assert "请选择要上传的文件。" in text(response)
    assert not Evidence.objects.exists()


def test_upload_to_another_unit_is_404(client, head_b, problem_a):
    client.force_login(head_b)
    assert upload(client, problem_a).status_code == 404
    assert not Evidence.objects.exists()


def test_upload_rejects_get(client, head_a, problem_a):
    client.force_login(head_a)
    assert client.get(url("evidence_upload", problem_a.pk)).status_code == 405


@pytest.fixture
def photo(problem_a, head_a, with_photo):
    return with_photo(problem_a, head_a)


def test_thumbnail_of_another_unit_is_404(client, head_b, photo):
    client.force_login(head_b)
    assert client.get(url("evidence_thumbnail", photo.pk)).status_code == 404


def test_a_document_has_no_thumbnail(client, head_a, problem_a):
    from rectification.evidence import add_evidence

    document = add_evidence(problem_a, head_a, name="整改报告.pdf", data=b"%PDF-1.4 report")
    client.force_login(head_a)
    assert client.get(url("evidence_thumbnail", document.pk)).status_code == 404
    response = client.get(url("evidence_download", document.pk))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("name", ["evidence_download", "evidence_thumbnail"])
def test_files_reject_post(client, head_a, photo, name):
    client.force_login(head_a)
    assert client.post(url(name, photo.pk)).status_code == 405


def test_a_leader_reads_evidence_in_the_scope(client, leader, photo):
    client.force_login(leader)
    assert client.get(url("evidence_download", photo.pk)).status_code == 200


def test_a_name_with_doubled_dots_is_accepted_and_tidied(client, head_a, problem_a):
    client.force_login(head_a)
    upload(client, problem_a, name="整改照片..png")
    assert Evidence.objects.get().original_name == "整改照片.png"


def test_the_extension_check_stays_strict_after_tidying(client, head_a, problem_a):
    client.force_login(head_a)
    response = upload(client, problem_a, name="整改照片.png..exe", data=b"MZ")
    assert "只接受图片" in text(client.get(response.url))
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("name", ["evidence_download", "evidence_thumbnail"])
def test_a_file_missing_on_disk_is_a_404(client, head_a, photo, name):
    photo.file.storage.delete(photo.file.name)
    photo.thumbnail.storage.delete(photo.thumbnail.name)
    client.force_login(head_a)
    response = client.get(url(name, photo.pk))
    assert response.status_code == 404
    assert "找不到" in response.content.decode()
