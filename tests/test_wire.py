"""The space page and the three protocol eras, read from what the page and the version say."""

from __future__ import annotations

import pytest

from espace_parents_tui.pronote import errors, wire

OLD_PAGE = """<html><body id="id_body" onload="try { Start ({h:'4321',sCrA:true,sCoA:true,a:3,d:true}) } catch (e) {}">
<div>PRONOTE 2024.2.5</div></body></html>"""

NEW_PAGE = """<!DOCTYPE html><html><head><script>
(function(){try{Start({"h":"987654","a":"2","CrA":true,"CoA":true,"d":false})}catch(e){}})();
</script></head><body><footer>PRONOTE 2026.2.5.1 &copy; Index Education</footer></body></html>"""


def test_old_page_bare_keys_skip_flags():
    page = wire.parse_space_page(OLD_PAGE)
    assert (page.session_id, page.space) == (4321, 3)
    assert page.version == (2024, 2, 5)
    assert page.era is wire.Era.DONNEES and page.era_certain
    # sCrA/sCoA mean "skip": true means neither encryption nor compression.
    assert (page.encrypt, page.compress) == (False, False)


def test_new_page_quoted_keys_anywhere():
    page = wire.parse_space_page(NEW_PAGE)
    assert (page.session_id, page.space) == (987654, 2)
    assert page.era is wire.Era.DATASEC
    assert (page.encrypt, page.compress) == (True, True)
    assert wire.challenge_style_for(page.version) == "2026"


def test_era_3_flags_off_when_absent_even_without_version():
    page = wire.parse_space_page("<script>Start({h:'1',a:'7'})</script>")
    assert page.era is wire.Era.DATASEC
    assert (page.encrypt, page.compress) == (False, False)
    assert not page.era_certain


def test_old_flags_without_version_guess_era_2_until_fonction_parametres():
    page = wire.parse_space_page("<script>Start({h:'1',a:'3',sCoA:true})</script>")
    assert page.era is wire.Era.DATA_SIGNATURE and not page.era_certain
    assert (page.encrypt, page.compress) == (True, False)


@pytest.mark.parametrize(
    ("version", "era", "style"),
    [
        ((2024, 3, 8), wire.Era.DONNEES, "legacy"),
        ((2024, 3, 9), wire.Era.DATA_SIGNATURE, "legacy"),
        ((2025, 1, 2), wire.Era.DATA_SIGNATURE, "legacy"),
        ((2025, 1, 3), wire.Era.DATASEC, "legacy"),
        ((2026, 2, 4), wire.Era.DATASEC, "legacy"),
        ((2026, 2, 5), wire.Era.DATASEC, "2026"),
    ],
)
def test_era_and_challenge_by_version(version, era, style):
    assert wire.era_for_version(version) is era
    assert wire.challenge_style_for(version) == style


def test_plain_http_page_with_announced_rsa_key():
    page = wire.parse_space_page("<script>Start({h:'5',a:'2',http:true,MR:'C0FFEE',ER:'10001'})</script>")
    assert page.plain_http
    assert (page.rsa_modulus, page.rsa_exponent) == (0xC0FFEE, 0x10001)


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<p>Votre adresse IP est provisoirement suspendue.</p>", errors.IpSuspended),
        ("<p>Le site n'est pas disponible</p>", errors.SiteUnavailable),
        ("<p>Le site est momentanément indisponible</p>", errors.SiteUnavailable),
        ("<html>Bienvenue sur l'ENT</html>", errors.NotAPronotePage),
        ("<script>Start({a:'2'})</script>", errors.NotAPronotePage),
    ],
)
def test_error_pages_are_typed(html, error):
    with pytest.raises(error):
        wire.parse_space_page(html)


def test_a_page_mentioning_script_is_not_an_ip_ban():
    # pronotepy's substring test flags any "IP" (e.g. <SCRIPT>); ours reads the real message.
    page = wire.parse_space_page("<SCRIPT>Start({h:'1',a:'2',CrA:true})</SCRIPT>")
    assert page.session_id == 1


@pytest.mark.parametrize("era", list(wire.Era))
def test_envelope_and_payload_keys(era):
    payload = wire.build_payload(era, {"x": 1}, {"onglet": 16})
    envelope = wire.build_envelope(era, 12, "abcd", "PageEmploiDuTemps", payload)
    if era is wire.Era.DATASEC:
        assert set(envelope) == {"session", "no", "id", "dataSec"}
    else:
        assert set(envelope) == {"session", "numeroOrdre", "nom", "donneesSec"}
    expected_payload = {"donnees", "_Signature_"} if era is wire.Era.DONNEES else {"data", "Signature"}
    assert set(payload) == expected_payload
    data, signature = wire.read_payload(payload, "PageEmploiDuTemps")
    assert data == {"x": 1} and signature == {"onglet": 16}


def test_empty_data_is_left_out_and_both_keys_when_era_unsure():
    assert wire.build_payload(wire.Era.DATASEC, {}, None) == {}
    both = wire.build_payload(wire.Era.DATA_SIGNATURE, {"Uuid": "x"}, None, both_data_keys=True)
    assert both == {"data": {"Uuid": "x"}, "donnees": {"Uuid": "x"}}


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (3, errors.AccessDenied),
        (10, errors.SessionExpired),
        (13, errors.SessionExpired),
        (21, errors.PageUnavailable),
        (22, errors.ExpiredObject),
        (25, errors.TooManyAttempts),
        (99, errors.ServerError),
    ],
)
def test_erreur_codes_are_typed(code, error):
    with pytest.raises(error) as info:
        wire.check_error({"Erreur": {"G": code, "Titre": "t"}}, "DernieresNotes")
    assert info.value.function == "DernieresNotes"
