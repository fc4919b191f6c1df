; Inno Setup 6 script: wraps the onedir build (dist\novelfetch) in a per-user installer with a
; Start menu entry and an uninstaller. Build the app first (python packaging\build.py), then:
;   iscc /DAppVersion=0.1.0 packaging\windows\novelfetch.iss
; The result is dist\NovelFetch-<version>-setup.exe.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{5B0F3C0E-6E55-4C8B-9F51-9A3B7D0C2E41}
AppName=NovelFetch
AppVersion={#AppVersion}
AppPublisher=NovelFetch developers
AppPublisherURL=https://github.com/novelfetch/novelfetch
DefaultDirName={autopf}\NovelFetch
DefaultGroupName=NovelFetch
DisableProgramGroupPage=yes
; Per-user by default (no administrator needed); the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=NovelFetch-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\novelfetch.ico
UninstallDisplayIcon={app}\novelfetch.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\novelfetch\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\NovelFetch"; Filename: "{app}\novelfetch.exe"
Name: "{group}\{cm:UninstallProgram,NovelFetch}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\NovelFetch"; Filename: "{app}\novelfetch.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\novelfetch.exe"; Description: "{cm:LaunchProgram,NovelFetch}"; Flags: nowait postinstall skipifsilent
