"""Personal information (个人信息保护法): how a phone number is shown to someone who may not read
it in full. The rule of who may is the caller's (units.privacy); this only masks."""

from __future__ import annotations

import re

MASK = "****"
# An area code or mobile prefix the reader may keep: "0514-", "(0514)", "+86 ".
_PREFIX = re.compile(r"^(\+?\d{1,4}[- ]|\(\d{2,5}\)\s?)")


def mask_phone(phone: str) -> str:
    """0514-86830018 → 0514-****0018; 13912340018 → 139****0018; the last 4 digits stay.

    The area code (or a mobile number's first 3 digits) stays so that a reader can still tell
    a landline from a mobile and the place it rings; anything shorter than that is masked whole.
    """
    phone = phone.strip()
    if not phone:
        return ""
    prefix_match = _PREFIX.match(phone)
    if prefix_match:
        prefix, rest = prefix_match.group(0), phone[prefix_match.end() :]
    else:
        digits_only = re.sub(r"\D", "", phone)
        # A bare mobile number (11 digits) keeps its carrier prefix; a bare landline none.
        keep = 3 if len(digits_only) >= 11 else 0
        prefix, rest = phone[:keep], phone[keep:]
    digits = re.sub(r"\D", "", rest)
    if len(digits) <= 4:
        return prefix + MASK
    return f"{prefix}{MASK}{digits[-4:]}"
