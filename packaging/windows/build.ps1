# `make windows`: build the workstation's Windows installer on a Windows machine (the CI runner
# of .github/workflows/windows.yml, or an IT person's PC). It cannot run on Linux.
# Needs: Python 3.11-3.13 on PATH (py launcher), Tesseract for Windows (TESSERACT_DIR, default
# C:\Program Files\Tesseract-OCR) with vie.traineddata in its tessdata, Inno Setup 6 (ISCC.exe).
# Result: dist\qlvb-desktop-setup-<version>.exe (per-user install, no administrator rights).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

$version = (Select-String -Path pyproject.toml -Pattern '^version = "(.*)"').Matches[0].Groups[1].Value
if (-not $env:TESSERACT_DIR) { $env:TESSERACT_DIR = "C:\Program Files\Tesseract-OCR" }
if (-not (Test-Path (Join-Path $env:TESSERACT_DIR "tesseract.exe"))) { throw "Tesseract not found in $env:TESSERACT_DIR" }
if (-not (Test-Path (Join-Path $env:TESSERACT_DIR "tessdata\vie.traineddata"))) { throw "vie.traineddata missing in $env:TESSERACT_DIR\tessdata" }

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3 -m venv .venv }
.venv\Scripts\python -m pip install --quiet --upgrade pip
.venv\Scripts\python -m pip install --quiet -c constraints.txt -e ".[bundle]"
foreach ($ts in Get-ChildItem resources\i18n\*.ts) {
    .venv\Scripts\pyside6-lrelease -silent $ts.FullName -qm ($ts.FullName -replace '\.ts$', '.qm')
}
.venv\Scripts\pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller packaging\qlvb.spec

# Smoke test of the bundle before packing it: the CLI answers, OCR finds its bundled data.
$env:QLVB_DATA_DIR = Join-Path $env:TEMP "qlvb-smoke"
& dist\qlvb-desktop\qlvb.exe search "thu" | Out-Host
if ($LASTEXITCODE -ne 0) { throw "the bundled qlvb.exe failed ($LASTEXITCODE)" }
Remove-Item Env:QLVB_DATA_DIR

$iscc = Get-Command ISCC.exe -ErrorAction SilentlyContinue
$isccPath = if ($iscc) { $iscc.Source } else { "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $isccPath /Qp "/DAppVersion=$version" "/DSourceDir=$(Resolve-Path dist\qlvb-desktop)" "/O$(Resolve-Path dist)" packaging\windows\qlvb.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed ($LASTEXITCODE)" }
Get-ChildItem dist\qlvb-desktop-setup-*.exe | ForEach-Object { "{0} {1:N1} MB" -f $_.Name, ($_.Length / 1MB) }
