"""One HTTP exchange with a PRONOTE server: the deadline, the retries of reads, error pages.

- A whole answer must arrive within a deadline (httpx's timeout only bounds each read, so a body
  that trickles forever would hold a sync for ever).
- A read that meets a network failure (refused or reset connection) is sent again after growing
  pauses; a write (``Saisie…``), a login step or a 2FA call never is (:func:`is_idempotent`). The
  same bytes go again, same order number: if the server had in fact received the first one, it
  answers "page expirée" and the session's one re-login takes over.
- An HTML page where JSON was expected is recognised: PRONOTE's own error pages (IP suspended, site
  unavailable) become their typed errors.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
from collections.abc import Awaitable, Callable

import httpx

from espace_parents_tui.pronote import errors, wire
from espace_parents_tui.util.i18n import _

log = logging.getLogger(__name__)

# Functions that only read: sent again after a network failure. Writes (``Saisie…``), the login
# steps and the 2FA calls are never repeated by the client.
NOT_RETRIED = frozenset(
    {
        "FonctionParametres",
        "Identification",
        "Authentification",
        "SecurisationCompteDoubleAuth",
        "SecurisationComptePreference",
        "JetonAppliMobile",
    }
)
# Pauses before each new attempt of a read that met a network failure (seconds).
RETRY_DELAYS = (0.5, 1.5, 4.0)
# Network failures worth another attempt; a read timeout is not one (the server is there, but slow).
_RETRIABLE = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The system's certificates, loaded once per process (loading them costs ~50 ms each time)."""
    return ssl.create_default_context()


def is_idempotent(function: str) -> bool:
    return function not in NOT_RETRIED and not function.startswith("Saisie")


async def exchange(
    request: Callable[[], Awaitable[httpx.Response]],
    *,
    function: str | None,
    deadline: float,
    delays: tuple[float, ...],
    sleep: Callable[[float], Awaitable[None]],
    on_attempt: Callable[[], None],
    retried: list[str],
) -> httpx.Response:
    """``request()`` within ``deadline``; after a network failure, again after each of ``delays``."""
    pending = list(delays)
    while True:
        on_attempt()
        try:
            async with asyncio.timeout(deadline):
                return await request()
        except (TimeoutError, httpx.TimeoutException) as exc:
            if not (isinstance(exc, httpx.ConnectTimeout) and pending):
                raise errors.ServerTimeout(function=function) from exc
            # (nothing reached the server: like a refused connection, try again)
        except _RETRIABLE as exc:
            if not pending:
                raise errors.ServerUnreachable(function=function) from exc
        except httpx.HTTPError as exc:
            raise errors.ServerUnreachable(function=function) from exc
        delay = pending.pop(0)
        retried.append(function or "page")
        log.info("network failure on %s; trying again in %.1f s", function or "page", delay)
        await sleep(delay)


def raise_if_error_page(text: str, function: str) -> None:
    """An HTML page where JSON was expected: PRONOTE's own error pages are recognised by their text."""
    if "<html" not in text[:2000].lower():
        return
    try:
        wire.parse_space_page(text)
    except (errors.IpSuspended, errors.SiteUnavailable) as exc:
        exc.function = function
        raise
    except errors.PronoteError:
        pass
    raise errors.ProtocolError(
        _("le serveur a renvoyé une page HTML au lieu d'une réponse"), function=function
    )
