# Builds the Windows installer of 社区嵌入式服务设施台账 on a Windows machine (or runner), from the
# repository root or anywhere:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs: Python 3.11+ (the `py` launcher), Inno Setup 6 (ISCC.exe on PATH, or -Iscc PATH).
# Makes: dist\FacilityLedger\ (the frozen programs, checked by running them) and
#        dist\installer\社区嵌入式服务设施台账-安装-<version>.exe
# Signing (optional): -Sign with signtool.exe on PATH and a code-signing certificate in the user's
# store (see packaging\windows\README.md).
param(
    [string]$PythonVersion = "3.11",
    [string]$Iscc = "ISCC.exe",
    [switch]$Sign,
    [switch]$SkipCheck
)
$ErrorActionPreference = "Stop"
Set-Location (Resolve-Path (Join-Path $PSScriptRoot "..\.."))

function Invoke-Step([string]$What, [scriptblock]$Command) {
    Write-Host "== $What"
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "失败 (failed, exit $LASTEXITCODE): $What" }
}

# 1. A virtual environment with exactly the tested packages (the lock file), then the freezer.
if (-not (Test-Path ".venv\Scripts\python.exe")) {
    Invoke-Step "venv (Python $PythonVersion)" { py "-$PythonVersion" -m venv .venv }
}
$py = (Resolve-Path ".venv\Scripts\python.exe").Path
Invoke-Step "pip" { & $py -m pip install --quiet --upgrade pip }
Invoke-Step "packages from requirements.lock" { & $py -m pip install --quiet --require-hashes -r requirements.lock }
Invoke-Step "the app itself" { & $py -m pip install --quiet --no-deps -e . }
Invoke-Step "PyInstaller from packaging\build.lock" { & $py -m pip install --quiet --require-hashes -r packaging\build.lock }

# 2. The Chinese interface (there is no make on Windows).
Invoke-Step "translations" { & $py -m ui.i18n }

# 3. The frozen programs: dist\FacilityLedger\FacilityLedger.exe and facility-ledger.exe.
Invoke-Step "PyInstaller" {
    & $py -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist `
        --workpath build\pyinstaller packaging\facility_ledger.spec
}
if ($Sign) {
    Invoke-Step "sign the programs" {
        signtool sign /a /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 `
            dist\FacilityLedger\FacilityLedger.exe dist\FacilityLedger\facility-ledger.exe
    }
}

# 4. Run them as a clerk's machine would, on a fresh data directory.
if (-not $SkipCheck) {
    Invoke-Step "check the frozen programs" { & $py packaging\check_frozen.py dist\FacilityLedger }
}

# 5. The installer.
$version = (& $py -c "import app; print(app.__version__)").Trim()
Invoke-Step "Inno Setup $version" { & $Iscc "/DAppVersion=$version" packaging\windows\FacilityLedger.iss }
$installer = Get-ChildItem dist\installer\*.exe | Sort-Object LastWriteTime | Select-Object -Last 1
if ($Sign) {
    Invoke-Step "sign the installer" {
        signtool sign /a /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 $installer.FullName
    }
}
Write-Host "== done: $($installer.FullName)"
