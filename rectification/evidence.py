"""Evidence files (佐证材料): checked, stored under a random name with their sha256, thumbnailed.

Only images, PDF, Word and Excel files are accepted, up to EVIDENCE_MAX_MB; the content must match
the extension (an .jpg must be an image Pillow can open, a .pdf must start like a PDF…). Files go
through the default storage (MEDIA_ROOT, or a private bucket with STORAGE_BACKEND=s3), which is
never served directly: `views.evidence_download` checks the scope and streams them.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from accounts.models import User
from accounts.policy import NotAllowed, WorkflowError
from rectification import policy
from rectification.models import OPEN_STATES, EventAction, Evidence, Problem
from rectification.workflow import _locked, record_event

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ALLOWED = {**IMAGE_TYPES, **DOCUMENT_TYPES}
# What the first bytes of each kind of document look like.
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
THUMBNAIL_SIZE = (320, 320)
# Pixels an image may have (40 MP: a 7,300 × 5,500 photo). Checked on the header, before any
# decoding; Pillow's own bomb check (a warning above, an error at twice) is set to the same.
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
TOO_MANY_PIXELS = f"超过了{MAX_IMAGE_PIXELS // 10_000}万像素的上限，请缩小后上传。"


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


def clean_name(name: str) -> str:
    """The name shown and sent back on download. The file is stored under a random name, so dots
    are harmless: 整改照片..png becomes 整改照片.png; a path is still refused."""
    name = name or ""
    if "/" in name or "\\" in name or "\x00" in name:
        raise WorkflowError("文件名不能包含路径或特殊字符，请只保留文件名本身后重新上传。")
    name = re.sub(r"[\x00-\x1f\x7f]", "", name)
    return re.sub(r"\.{2,}", ".", name).strip(" .")


def check_file(name: str, data: bytes) -> str:
    """The file's extension if it is acceptable; WorkflowError with the reason otherwise."""
    name = clean_name(name)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise WorkflowError(
            "只接受图片（jpg、png）、PDF、Word（doc、docx）和 Excel（xls、xlsx）文件。"
        )
    if not data:
        raise WorkflowError("文件是空的，请重新选择。")
    limit = max_bytes()
    if len(data) > limit:
        raise WorkflowError(
            f"文件大小为{len(data) / 1024 / 1024:.1f}MB，超过了{limit // 1024 // 1024}MB的上限。"
        )
    if extension in IMAGE_TYPES:
        _check_image(data)
    elif not data.startswith(SIGNATURES[extension]):
        raise WorkflowError(f"文件内容与扩展名“{extension}”不符，请确认文件未损坏。")
    return extension


def _check_image(data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise WorkflowError(f"图片为{width}×{height}像素，{TOO_MANY_PIXELS}")
            image.verify()
    except Image.DecompressionBombError:
        raise WorkflowError(f"图片{TOO_MANY_PIXELS}") from None
    except WorkflowError:
        raise
    except Exception:
        raise WorkflowError("图片文件已损坏或不是真正的图片，请重新拍摄或另存后上传。") from None


def _thumbnail(data: bytes) -> bytes | None:
    """A JPEG of at most THUMBNAIL_SIZE; a JPEG is decoded at a reduced scale (draft)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return None
            image.draft("RGB", THUMBNAIL_SIZE)
            image.thumbnail(THUMBNAIL_SIZE, reducing_gap=2.0)
            thumb = image.convert("RGB")
            buffer = io.BytesIO()
            thumb.save(buffer, "JPEG", quality=80)
            return buffer.getvalue()
    except Exception:
        return None


def add_evidence(problem: Problem | int, user: User, *, name: str, data: bytes) -> Evidence:
    """Store an evidence file for an open problem; the unit's people and bureau staff may."""
    extension = check_file(name, data)
    name = clean_name(name)
    with transaction.atomic():
        current = _locked(problem)
        in_scope = Problem.objects.visible_to(user).filter(pk=current.pk).exists()
        if not in_scope or not policy.may_upload(user, current):
            raise NotAllowed("只有责任单位人员或局机关工作人员可以上传佐证材料。")
        if current.status not in OPEN_STATES:
            raise WorkflowError(f"该问题{current.state_phrase}，不能再上传佐证材料。")
        stored_name = secrets.token_hex(16) + extension
        evidence = Evidence(
            problem=current,
            original_name=name[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            content_type=ALLOWED[extension],
            uploaded_by=user,
        )
        evidence.file.save(stored_name, ContentFile(data), save=False)
        if extension in IMAGE_TYPES:
            thumb = _thumbnail(data)
            if thumb:
                evidence.thumbnail.save(
                    stored_name.rsplit(".", 1)[0] + ".jpg", ContentFile(thumb), save=False
                )
        evidence.save()
        record_event(current, user, EventAction.EVIDENCE, name)
        return evidence
