; Inno Setup 6 script (UTF-8 with BOM): turns the Windows one-folder build into one setup .exe.
;
; Build it with   python installer\build.py --setup
; which passes the version from the package metadata (pyproject.toml), never written here:
;   ISCC /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 /DBundleDir=<dist\ebranch-desktop>
;        /DOutputDir=<dist> installer\ebranch-desktop.iss
; Needs Inno Setup 6.3 or newer. Nothing is downloaded while installing: the bundle carries
; Python, Qt and the MSVC runtime.

#ifndef AppVersion
  #error AppVersion is not set: build with "python installer\build.py --setup" (it reads the package metadata)
#endif
#ifndef AppVersionNumeric
  #error AppVersionNumeric is not set: build with "python installer\build.py --setup"
#endif
#ifndef BundleDir
  #define BundleDir SourcePath + "..\dist\ebranch-desktop"
#endif
#ifndef OutputDir
  #define OutputDir SourcePath + "..\dist"
#endif
; The program holds this mutex while it runs: ebranch_desktop/ui/single_instance.py MUTEX_NAME.
#define AppMutexName "ebranch-desktop-running"
; platformdirs.user_data_dir("ebranch-desktop", appauthor=False) on Windows (ebranch_desktop/paths.py)
#define DataFolder "ebranch-desktop"
#define ExeName "ebranch-desktop.exe"
#define AppTitle "e支部 桌面版"

[Setup]
; Never change AppId: upgrades and the uninstaller find earlier installs by it.
AppId={{6F3C2B1E-8A4D-4F7B-9C2E-5D1A7B3E9F40}
AppName={#AppTitle}
AppVersion={#AppVersion}
AppVerName={#AppTitle} {#AppVersion}
AppPublisher=ebranch
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductName={#AppTitle}
VersionInfoDescription={#AppTitle} Setup
; {autopf}: Program Files when installed for all users, %LOCALAPPDATA%\Programs for one user.
DefaultDirName={autopf}\ebranch-desktop
DefaultGroupName=e支部
DisableProgramGroupPage=yes
; Per-user install without administrator rights; an administrator may choose "all users".
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; PySide6 6.x and Python 3.11 need Windows 10 or newer.
MinVersion=10.0
; Refuse to install or uninstall while the program or its CLI runs (Electrum's EnsureNotRunning).
AppMutex={#AppMutexName},Global\{#AppMutexName}
SetupMutex=ebranch-desktop-setup,Global\ebranch-desktop-setup
CloseApplications=no
OutputDir={#OutputDir}
OutputBaseFilename=ebranch-desktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppTitle} {#AppVersion}
#if FileExists(SourcePath + "..\resources\icons\ebranch.ico")
SetupIconFile={#SourcePath}..\resources\icons\ebranch.ico
#endif

[Languages]
; Chinese first: the default when Windows' UI language is not English. Inno Setup releases
; that ship an official Chinese file get it in full; older ones fall back to English for
; the few screens ChineseSimplified-ebranch.isl doesn't translate.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl,ChineseSimplified-ebranch.isl"
#else
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,ChineseSimplified-ebranch.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.DemoShortcut=e支部 演示（不影响真实数据）
english.DemoShortcut=ebranch demo (separate from real data)
chinesesimplified.SelfTestShortcut=e支部 自检
english.SelfTestShortcut=ebranch self-test
chinesesimplified.DeleteDataQuestion=是否同时删除本电脑上的 e支部 数据？%n%n数据文件夹：%1%n%n选择“否”（推荐）：保留全部会议记录、党员名册和日志，重新安装后可以继续使用。%n选择“是”：永久删除这些数据，无法恢复。
english.DeleteDataQuestion=Also delete the ebranch data on this PC?%n%nData folder: %1%n%nNo (recommended): keep all meeting records, rosters and logs for a later reinstall.%nYes: delete them for good; they cannot be recovered.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole bundle: no stale module or Qt library of the old version stays.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The portable marker and a test workspace must never reach an installed copy.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Excludes: "\ebranch-portable.txt,\ebranch-data"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppTitle}"; Filename: "{app}\{#ExeName}"; WorkingDir: "{app}"
Name: "{autoprograms}\{cm:DemoShortcut}"; Filename: "{app}\{#ExeName}"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{autoprograms}\{cm:SelfTestShortcut}"; Filename: "{app}\{#ExeName}"; Parameters: "--self-test"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppTitle}"; Filename: "{app}\{#ExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#AppTitle}}"; Flags: nowait postinstall skipifsilent

[Code]
// The uninstaller keeps the user's workspace unless they answer Yes (default No; a silent
// uninstall never deletes it).
var
  DeleteUserData: Boolean;

function UserDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataFolder}');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
  begin
    DeleteUserData := False;
    if DirExists(UserDataDir()) and not UninstallSilent() then
      DeleteUserData := SuppressibleMsgBox(
        FmtMessage(CustomMessage('DeleteDataQuestion'), [UserDataDir()]),
        mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
  end;
  if (CurUninstallStep = usPostUninstall) and DeleteUserData then
  begin
    DelTree(UserDataDir(), True, True, True);
    // QSettings of ebranch_desktop/ui/prefs.py: language, font size, window position
    RegDeleteKeyIncludingSubkeys(HKCU, 'Software\ebranch\ebranch-desktop');
  end;
end;
