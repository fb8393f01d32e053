; Inno Setup 6 script of the workstation (build with packaging/windows/build.ps1, `make windows`).
; A per-user install (no administrator rights: clerks rarely have them) into
; %LOCALAPPDATA%\Programs\qlvb-desktop, a Start menu entry, an optional desktop icon, `qlvb.exe`
; for scripts. The clerk's data is not here: it lives in %LOCALAPPDATA%\qlvb-desktop
; (platformdirs), kept on uninstall. The token's PKCS#11 driver is installed by its vendor
; (VGCA, VNPT-CA, Viettel-CA ...) into System32, where the app looks for it.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\qlvb-desktop"
#endif

[Setup]
AppId={{6C9B7E52-3F0B-4E59-9E0D-5B1D0A7C4A11}
AppName=Quản lý văn bản
AppVersion={#AppVersion}
AppPublisher=qlvb-desktop
DefaultDirName={localappdata}\Programs\qlvb-desktop
DefaultGroupName=Quản lý văn bản
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=qlvb-desktop-setup-{#AppVersion}
SetupIconFile=qlvb.ico
UninstallDisplayIcon={app}\qlvb-desktop.exe
Compression=lzma2/fast
SolidCompression=no
WizardStyle=modern
DisableProgramGroupPage=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Quản lý văn bản"; Filename: "{app}\qlvb-desktop.exe"
Name: "{group}\{cm:UninstallProgram,Quản lý văn bản}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Quản lý văn bản"; Filename: "{app}\qlvb-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\qlvb-desktop.exe"; Description: "{cm:LaunchProgram,Quản lý văn bản}"; Flags: nowait postinstall skipifsilent
