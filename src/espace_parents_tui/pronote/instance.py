"""What a PRONOTE server says about itself before any login (``infoMobileApp.json``).

The mobile app reads it to show the school's name and its spaces (pawnote-papillon.md §2.1); so do
we, before anything secret is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from espace_parents_tui.pronote import auth, errors
from espace_parents_tui.util.i18n import _

INFO_ID = "0D264427-EEFC-4810-A9E9-346942A862A4"


@dataclass(frozen=True)
class InstanceInfo:
    school_name: str
    version: tuple[int, ...] | None
    # The spaces (``espaces``) by page: "mobile.parent.html" -> "Espace Parents".
    spaces: dict[str, str]
    cas_active: bool = False

    @property
    def has_parent_space(self) -> bool:
        return any(page.endswith("parent.html") for page in self.spaces)


async def instance_info(
    url: str, *, timeout: float = 10.0, http: httpx.AsyncClient | None = None
) -> InstanceInfo:
    root, _page = auth.split_space_url(url)
    client = http or httpx.AsyncClient(timeout=timeout, follow_redirects=True)
    try:
        response = await client.get(f"{root}/infoMobileApp.json", params={"id": INFO_ID})
    except httpx.TimeoutException as exc:
        raise errors.ServerTimeout(function="infoMobileApp") from exc
    except httpx.HTTPError as exc:
        raise errors.ServerUnreachable(function="infoMobileApp") from exc
    finally:
        if http is None:
            await client.aclose()
    if response.status_code != 200:
        raise errors.NotAPronotePage(_("Cette adresse ne répond pas comme un serveur PRONOTE."))
    try:
        data = response.json()
    except ValueError as exc:
        raise errors.NotAPronotePage(_("Cette adresse ne répond pas comme un serveur PRONOTE.")) from exc
    if not isinstance(data, dict) or not isinstance(data.get("nomEtab"), str):
        raise errors.NotAPronotePage(_("Cette adresse ne répond pas comme un serveur PRONOTE."))
    version = data.get("version")
    spaces = {}
    for space in data.get("espaces") or []:
        if isinstance(space, dict) and isinstance(space.get("URL"), str):
            spaces[space["URL"]] = str(space.get("nom") or space["URL"])
    cas = data.get("CAS")
    return InstanceInfo(
        school_name=data["nomEtab"],
        version=tuple(int(v) for v in version if isinstance(v, int)) if isinstance(version, list) else None,
        spaces=spaces,
        cas_active=bool(cas.get("actif")) if isinstance(cas, dict) else False,
    )
