"""Typed errors of the protocol client. Each carries a short French message fit for a parent.

No error message ever contains a password, a token or a decrypted key.
"""

from __future__ import annotations

from espace_parents_tui.util.i18n import N_, _


class PronoteError(Exception):
    """Base of every error the protocol client raises."""

    message_fr = N_("Erreur PRONOTE.")

    def __init__(self, message: str | None = None, *, function: str | None = None) -> None:
        self.function = function
        super().__init__(message or _(self.message_fr))

    @property
    def user_message(self) -> str:
        return str(self)


class ServerUnreachable(PronoteError):
    message_fr = N_("Le serveur PRONOTE ne répond pas.")


class ServerTimeout(ServerUnreachable):
    message_fr = N_("Le serveur PRONOTE ne répond pas (délai dépassé).")


class HttpError(PronoteError):
    def __init__(self, status: int, *, function: str | None = None) -> None:
        self.status = status
        if status == 429:
            text = _(
                "Le serveur PRONOTE demande de ralentir (HTTP 429 : trop de requêtes). Réessayez plus tard."
            )
        elif status == 503:
            text = _("Le serveur PRONOTE est momentanément indisponible (HTTP 503). Réessayez plus tard.")
        else:
            text = _("Le serveur PRONOTE a répondu par une erreur HTTP {status}.").format(status=status)
        super().__init__(text, function=function)

    @property
    def overloaded(self) -> bool:
        """429 or 503: the server asks us to stop for now."""
        return self.status in (429, 503)


class Redirected(PronoteError):
    """The server sent us to another site (the school's ENT) instead of answering."""

    message_fr = N_(
        "Le serveur PRONOTE a renvoyé vers une autre page (l'ENT de l'établissement ?) au lieu de "
        "répondre : la session n'est plus valable."
    )


class NotAPronotePage(PronoteError):
    message_fr = N_("Cette adresse ne mène pas à une page PRONOTE (protocole non reconnu).")


class IpSuspended(PronoteError):
    message_fr = N_(
        "Votre adresse IP est provisoirement suspendue par le serveur PRONOTE "
        "(trop de tentatives). Réessayez plus tard."
    )


class SiteUnavailable(PronoteError):
    message_fr = N_("Le site PRONOTE de l'établissement est momentanément indisponible.")


class ProtocolError(PronoteError):
    """The server's answer cannot be understood (malformed body, unknown shape)."""

    def __init__(self, detail: str, *, function: str | None = None) -> None:
        self.detail = detail
        where = f" ({function})" if function else ""
        super().__init__(
            _("Réponse PRONOTE incompréhensible{where} : {detail}").format(where=where, detail=detail),
            function=function,
        )


class ServerError(PronoteError):
    """A PRONOTE ``Erreur`` answer with a code we do not treat specially."""

    def __init__(self, code: int | None, title: str = "", *, function: str | None = None) -> None:
        self.code = code
        self.title = title
        text = f"Erreur PRONOTE {code}" if code is not None else "Erreur PRONOTE"
        if title:
            text += f" : {title}"
        super().__init__(text, function=function)


class AccessDenied(ServerError):
    """Error 3, or a tab the server did not grant (refused before sending)."""

    def __init__(self, title: str = "", *, function: str | None = None, tab: int | None = None) -> None:
        self.tab = tab
        super().__init__(3, title or _("Accès refusé"), function=function)


class SessionExpired(ServerError):
    """Errors 8, 10, 11, 13, 20: the server session is gone."""


class ExpiredObject(ServerError):
    """Error 22: an id from a previous session was sent."""


class PageUnavailable(ServerError):
    """Error 21: "Impossible d'afficher la page"."""


class WriteRefused(PageUnavailable):
    """A write ("Saisie…") the server turned down (``RapportSaisie``, a refusal ``message``), or an
    upload it did not accept. ``messages`` are the server's own words, shown as they are."""

    lead = N_("Le serveur PRONOTE a refusé l'enregistrement")

    def __init__(self, messages: list[str] | tuple[str, ...], *, function: str | None = None) -> None:
        self.messages = tuple(m for m in messages if m) or (
            _("La modification a été refusée par le serveur."),
        )
        self.code = None
        self.title = " ".join(self.messages)
        PronoteError.__init__(self, f"{_(self.lead)} : {self.title}", function=function)


class UploadRefused(WriteRefused):
    """A file the upload route (``uploadfilesession``) did not take (``etat`` 2)."""

    lead = N_("Le serveur PRONOTE a refusé le fichier")


class TooManyAttempts(ServerError):
    """Error 25: too many authentication errors. Nothing more is sent."""

    def __init__(self, title: str = "", *, function: str | None = None) -> None:
        super().__init__(
            25,
            title or _("Vous avez dépassé le nombre d'erreurs d'authentification autorisées"),
            function=function,
        )


class LoginError(PronoteError):
    """Base of the authentication failures."""


class BadCredentials(LoginError):
    message_fr = N_("Identifiant ou mot de passe incorrect.")


class TokenRefused(BadCredentials):
    message_fr = N_("Le jeton de connexion a été refusé : reconnectez-vous avec un nouveau QR code.")


class QrCodeError(LoginError):
    message_fr = N_("QR code illisible ou code PIN incorrect.")


class AccountBlocked(LoginError):
    message_fr = N_("Ce compte est désactivé ou bloqué par l'établissement.")


class TwoFactorRequired(LoginError):
    """The account asks for a second factor before it can be used.

    ``needs_pin`` / ``needs_device_name`` say what to ask for; call
    :meth:`~espace_parents_tui.pronote.client.PronoteClient.complete_two_factor` with it.
    """

    def __init__(self, *, needs_pin: bool, needs_device_name: bool, modes: tuple[int, ...] = ()) -> None:
        self.needs_pin = needs_pin
        self.needs_device_name = needs_device_name
        self.modes = modes
        wants = []
        if needs_pin:
            wants.append(_("le code PIN du compte"))
        if needs_device_name:
            wants.append(_("un nom pour cet appareil"))
        super().__init__(_("Double authentification requise : {what}.").format(what=_(" et ").join(wants)))


# PRONOTE error codes (pronotepy.md §1.11)
SESSION_EXPIRED_CODES = frozenset({8, 10, 11, 13, 20})


def from_error_payload(code: int | None, title: str, function: str | None) -> ServerError:
    if code == 3:
        return AccessDenied(title, function=function)
    if code in SESSION_EXPIRED_CODES:
        return SessionExpired(code, title or _("La page a expiré"), function=function)
    if code == 21:
        return PageUnavailable(code, title, function=function)
    if code == 22:
        return ExpiredObject(code, title, function=function)
    if code == 25:
        return TooManyAttempts(title, function=function)
    return ServerError(code, title, function=function)


class UnknownTrack(ValueError):
    """An orientation wish names a track the school does not offer: nothing was sent."""
