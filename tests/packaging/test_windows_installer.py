"""The Windows installer's script (packaging/windows/FacilityLedger.iss), read as Inno Setup reads
it: the files it names exist, every message it uses is defined in Chinese, it installs per user,
keeps one AppId for upgrades, and opens the app's two file types."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "packaging" / "windows"
ISS = (WINDOWS / "FacilityLedger.iss").read_text(encoding="utf-8")
ISL = WINDOWS / "ChineseSimplified.isl"


def section(text: str, name: str) -> list[str]:
    """The lines of an [ini] section, comments left out."""
    found = re.search(rf"^\[{re.escape(name)}\]\n(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    assert found is not None, name
    return [line for line in found.group(1).splitlines() if line and not line.startswith(";")]


def setting(name: str) -> str:
    for line in section(ISS, "Setup"):
        key, _, value = line.partition("=")
        if key == name:
            return value
    raise AssertionError(name)


def test_it_installs_per_user_and_upgrades_in_place() -> None:
    assert setting("PrivilegesRequired") == "lowest"
    assert setting("DefaultDirName") == r"{autopf}\FacilityLedger"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setting("AppId"))
    assert setting("CloseApplications") == "yes"


def test_the_files_it_names_exist() -> None:
    assert (WINDOWS / setting("SetupIconFile")).is_file()
    [language] = section(ISS, "Languages")
    assert 'MessagesFile: "ChineseSimplified.isl"' in language and ISL.is_file()


def test_every_message_it_uses_is_defined() -> None:
    defined = {line.split("=", 1)[0].split(".", 1)[1] for line in section(ISS, "CustomMessages")}
    used = set(re.findall(r"\{cm:(\w+)\}", ISS)) | set(re.findall(r"CustomMessage\('(\w+)'\)", ISS))
    assert used and used <= defined


def test_bundles_and_connection_files_open_in_the_app() -> None:
    registry = "\n".join(section(ISS, "Registry"))
    for suffix, kind in ((".cfbundle", "FacilityLedger.Bundle"),
                         (".cfconnect", "FacilityLedger.Connect")):
        assert f'Subkey: "Software\\Classes\\{suffix}"; ValueType: string; ValueName: ""; ' \
               f'ValueData: "{kind}"' in registry
        assert f'Subkey: "Software\\Classes\\{kind}\\shell\\open\\command"' in registry
    assert registry.count('""{app}\\{#AppExe}"" ""%1""') == 2


def test_the_data_is_kept_unless_the_clerk_asks() -> None:
    assert "Box.Checked := False;" in ISS  # the box starts unticked
    assert "MB_DEFBUTTON2" in ISS  # and the second question defaults to 否
    assert r"{localappdata}\{#DataFolder}" in ISS and '#define DataFolder "FacilityLedger"' in ISS


def test_the_chinese_messages_are_read_as_unicode() -> None:
    data = ISL.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Inno Setup 6 reads UTF-8 only with a BOM
    text = data.decode("utf-8-sig")
    assert "LanguageID=$0804" in text and "LanguageName=简体中文" in text
    assert "ButtonNext=下一步(&N) >" in text
