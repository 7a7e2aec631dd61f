<#
.SYNOPSIS
  Build IRO Desktop's Windows installation: the PyInstaller folder and a per-machine MSI.

.DESCRIPTION
  Run on a Windows 10/11 x64 build machine (not in CI, which is Linux; nothing here has been
  run there: see README, "Windows installer"). It needs:
    - Python 3.11 x64 from python.org (py launcher), on PATH as `py -3.11`;
    - the WiX Toolset v4 command line: `dotnet tool install --global wix --version 4.*`
      (needs the .NET 6+ SDK);
    - optionally signtool.exe (Windows SDK) and the council's code-signing certificate.

  Steps:
    1. A fresh virtual environment in .venv-build installed from requirements\release.txt
       with --require-hashes (the lock file pins every wheel's SHA-256).
    2. PyInstaller with build_installer.spec: dist\IRO Desktop\ holding "IRO Desktop.exe"
       (no console) and iro.exe (console), with icon, version information and licences.
    3. A check: the bundled iro.exe makes a demo store and minutes; IRO Desktop.exe --smoke
       opens its first window offscreen and exits 0.
    4. Optional signing of both programs (-CertificateThumbprint).
    5. The MSI: packaging\wix\bundle-files.wxs generated from the folder (one component per
       file, stable GUIDs derived from the path), then `wix build` with iro-desktop.wxs into
       dist\IRO-Desktop-<version>.msi, signed too if a certificate was given.

  Install silently: msiexec /i dist\IRO-Desktop-<version>.msi /qn /l*v install.log
  Uninstall:        msiexec /x dist\IRO-Desktop-<version>.msi /qn

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
  powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1 -CertificateThumbprint ABC123...
#>
[CmdletBinding()]
param(
    [string]$Python = "py -3.11",
    [string]$CertificateThumbprint = "",
    [string]$TimestampUrl = "http://timestamp.digicert.com"
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = Resolve-Path (Join-Path $PSScriptRoot "..")
Set-Location $Root

function Step([string]$Name) { Write-Host "== $Name" -ForegroundColor Cyan }
function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed ($LASTEXITCODE)" }
}

$Version = (Select-String -Path iro_desktop\__init__.py -Pattern '__version__ = "(.*)"').Matches[0].Groups[1].Value
$Bundle = Join-Path $Root "dist\IRO Desktop"
$Venv = Join-Path $Root ".venv-build"
$VenvPython = Join-Path $Venv "Scripts\python.exe"

Step "Build environment from requirements\release.txt (hashes checked)"
if (-not (Test-Path $VenvPython)) {
    $launcher, $launcherArgs = $Python.Split(" ")
    Invoke-Checked $launcher (@($launcherArgs) + @("-m", "venv", $Venv))
}
Invoke-Checked $VenvPython @("-m", "pip", "install", "--require-hashes", "--only-binary", ":all:",
                              "-r", "requirements\release.txt")

Step "PyInstaller (one folder, never one file)"
if (Test-Path $Bundle) { Remove-Item -Recurse -Force $Bundle }
Invoke-Checked $VenvPython @("-m", "PyInstaller", "--noconfirm", "build_installer.spec")

Step "Check the bundle"
$Check = Join-Path ([System.IO.Path]::GetTempPath()) ("iro-check-" + [guid]::NewGuid())
New-Item -ItemType Directory $Check | Out-Null
$env:IRO_DATA_DIR = Join-Path $Check "data"
$env:IRO_PASSPHRASE = "bundle check passphrase 2026"
$env:QT_QPA_PLATFORM = "offscreen"
$Store = Join-Path $Check "demo.irostore"
Invoke-Checked (Join-Path $Bundle "iro.exe") @("--version")
Invoke-Checked (Join-Path $Bundle "iro.exe") @("demo", "--store", $Store, "--children", "12")
$Reviews = & (Join-Path $Bundle "iro.exe") list reviews --store $Store --json | ConvertFrom-Json
$Final = @($Reviews | Where-Object { $_.status -eq "finalised" })[0]
Invoke-Checked (Join-Path $Bundle "iro.exe") @("minutes", $Final.id, "--kind", "full", "--store", $Store,
                                               "--out", (Join-Path $Check "minutes.docx"))
$Gui = Start-Process -FilePath (Join-Path $Bundle "IRO Desktop.exe") -ArgumentList "--smoke" -Wait -PassThru
if ($Gui.ExitCode -ne 0) { throw "IRO Desktop.exe --smoke exited $($Gui.ExitCode)" }
Remove-Item Env:IRO_PASSPHRASE, Env:QT_QPA_PLATFORM, Env:IRO_DATA_DIR
Remove-Item -Recurse -Force $Check

if ($CertificateThumbprint) {
    Step "Sign the programs"
    foreach ($Program in @("IRO Desktop.exe", "iro.exe")) {
        Invoke-Checked "signtool.exe" @("sign", "/sha1", $CertificateThumbprint, "/fd", "sha256",
                                        "/tr", $TimestampUrl, "/td", "sha256", (Join-Path $Bundle $Program))
    }
}

Step "Generate packaging\wix\bundle-files.wxs from the folder"
$Md5 = [System.Security.Cryptography.MD5]::Create()
function Stable-Guid([string]$Text) {
    $Bytes = $Md5.ComputeHash([System.Text.Encoding]::UTF8.GetBytes("iro-desktop:" + $Text.ToLowerInvariant()))
    return ([guid]::new($Bytes)).ToString().ToUpperInvariant()
}
$Lines = @('<?xml version="1.0" encoding="utf-8"?>',
           '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Fragment>')
$Directories = @{ "" = "INSTALLFOLDER" }
$DirLines = @()
Get-ChildItem -Recurse -Directory $Bundle | Sort-Object FullName | ForEach-Object {
    $Relative = $_.FullName.Substring($Bundle.Length + 1)
    $Parent = Split-Path $Relative -Parent
    $Id = "d" + (Stable-Guid $Relative).Replace("-", "")
    $Directories[$Relative] = $Id
    $DirLines += "<DirectoryRef Id=""$($Directories[$Parent])""><Directory Id=""$Id"" Name=""$([System.Security.SecurityElement]::Escape($_.Name))"" /></DirectoryRef>"
}
$Lines += $DirLines
$Lines += '<ComponentGroup Id="BundleFiles">'
Get-ChildItem -Recurse -File $Bundle | Sort-Object FullName | ForEach-Object {
    $Relative = $_.FullName.Substring($Bundle.Length + 1)
    $Dir = $Directories[(Split-Path $Relative -Parent)]
    $Guid = Stable-Guid $Relative
    $Source = [System.Security.SecurityElement]::Escape($_.FullName)
    $Lines += "<Component Directory=""$Dir"" Guid=""$Guid""><File Source=""$Source"" KeyPath=""yes"" /></Component>"
}
$Lines += '</ComponentGroup></Fragment></Wix>'
Set-Content -Encoding UTF8 -Path packaging\wix\bundle-files.wxs -Value $Lines

Step "wix build (WiX Toolset v4)"
$Msi = Join-Path $Root "dist\IRO-Desktop-$Version.msi"
Invoke-Checked "wix" @("build", "-arch", "x64", "-d", "ProductVersion=$Version", "-d", "SourceRoot=$Root",
                       "packaging\wix\iro-desktop.wxs", "packaging\wix\bundle-files.wxs", "-o", $Msi)
if ($CertificateThumbprint) {
    Invoke-Checked "signtool.exe" @("sign", "/sha1", $CertificateThumbprint, "/fd", "sha256",
                                    "/tr", $TimestampUrl, "/td", "sha256", $Msi)
}
$Size = "{0:N0} MB" -f ((Get-ChildItem -Recurse -File $Bundle | Measure-Object Length -Sum).Sum / 1MB)
Write-Host "Built $Msi (bundle folder $Size). Silent install: msiexec /i `"$Msi`" /qn"
