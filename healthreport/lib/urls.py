"""`reverse()` for the URLs a page prints by the dozen, kept once found.

Django's `reverse()` asks the active language and the script prefix (thread-locals) on every
call and costs about 0.1 ms: the menu reverses its ~20 names on every page and the document
preview links ~170 figures to their records. A URL depends only on its name, its arguments, the
script prefix and the URLconf, so it is kept on the URLconf's resolver: `clear_url_caches()`
(a test that reloads the URLconf) drops the resolver, and these with it.
"""

from __future__ import annotations

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

CACHE_ATTRIBUTE = "_healthreport_reversed"


def reverse_cached(name: str, *args: str | int) -> str:
    """`reverse(name, args=args)`, computed once per URLconf and script prefix."""
    urlconf = get_urlconf()
    cache: dict[tuple[object, ...], str] = get_resolver(urlconf).__dict__.setdefault(
        CACHE_ATTRIBUTE, {}
    )
    key = (name, args, get_script_prefix())
    url = cache.get(key)
    if url is None:
        url = cache[key] = reverse(name, urlconf=urlconf, args=args or None)
    return url
