; The Windows installer of 社区嵌入式服务设施台账: per user, no administrator rights, in Chinese.
; Built by build.ps1 after PyInstaller (dist\FacilityLedger), or by hand:
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\FacilityLedger.iss
; Output: dist\installer\社区嵌入式服务设施台账-安装-<version>.exe
;
; The ledger and its backups live in the user data directory (%LOCALAPPDATA%\FacilityLedger), never
; under the install folder: installing over an older version (same AppId) replaces the program only,
; and the app backs the ledger up before it migrates it on its first start. The uninstaller keeps
; the data unless the clerk ticks the box that is unticked by default.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "社区嵌入式服务设施台账"
#define AppExe "FacilityLedger.exe"
#define CliExe "facility-ledger.exe"
#define DataFolder "FacilityLedger"
#define Root ".."
#define Dist Root + "\..\dist\FacilityLedger"

[Setup]
; never change AppId: it is how an upgrade finds the installed version
AppId={{6F1E7C52-3B0D-4D7A-9C2E-5A8B1F0D4E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=社区嵌入式服务设施台账项目组
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
; per user: no UAC prompt, installs under %LOCALAPPDATA%\Programs
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\FacilityLedger
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\..\dist\installer
OutputBaseFilename={#AppName}-安装-{#AppVersion}
SetupIconFile=app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; a running copy is asked to close before its files are replaced, and restarted afterwards
CloseApplications=yes
RestartApplications=yes
ChangesAssociations=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"

[CustomMessages]
chinesesimplified.CreateDesktopIcon=在桌面创建快捷方式
chinesesimplified.AdditionalIcons=其他快捷方式：
chinesesimplified.LaunchApp=立即打开 {#AppName}
chinesesimplified.BundleFile=台账数据包
chinesesimplified.ConnectFile=台账连接文件
chinesesimplified.RemoveDataTitle=卸载 {#AppName}
chinesesimplified.RemoveDataKeep=程序将被卸载。您的台账数据、备份和密钥保留在：%n%1%n以后重新安装即可继续使用。
chinesesimplified.RemoveDataBox=同时删除我的台账数据、备份和密钥（不可恢复）
chinesesimplified.RemoveDataSure=确定要永久删除%n%1%n中的全部台账数据、备份和密钥吗？删除后无法恢复。
chinesesimplified.ContinueButton=继续
chinesesimplified.CancelButton=取消

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#Dist}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade removes what the previous version installed and this one no longer ships
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .cfbundle (a signed data bundle) and .cfconnect (a connection file) open in the app, per user
Root: HKA; Subkey: "Software\Classes\.cfbundle"; ValueType: string; ValueName: ""; ValueData: "FacilityLedger.Bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\FacilityLedger.Bundle"; ValueType: string; ValueName: ""; ValueData: "{cm:BundleFile}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\FacilityLedger.Bundle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\FacilityLedger.Bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.cfconnect"; ValueType: string; ValueName: ""; ValueData: "FacilityLedger.Connect"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\FacilityLedger.Connect"; ValueType: string; ValueName: ""; ValueData: "{cm:ConnectFile}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\FacilityLedger.Connect\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\FacilityLedger.Connect\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[Code]
var
  RemoveData: Boolean;

function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataFolder}');
end;

{ The uninstaller's one question: keep the data (the default) or remove it, asked twice. }
function AskToRemoveData(): Boolean;
var
  Form: TSetupForm;
  Note: TNewStaticText;
  Box: TNewCheckBox;
  GoOn, Stop: TNewButton;
begin
  Result := False;
  Form := CreateCustomForm();
  try
    Form.ClientWidth := ScaleX(440);
    Form.ClientHeight := ScaleY(190);
    Form.Position := poScreenCenter;
    Form.Caption := CustomMessage('RemoveDataTitle');
    Note := TNewStaticText.Create(Form);
    Note.Parent := Form;
    Note.Left := ScaleX(16);
    Note.Top := ScaleY(16);
    Note.Width := Form.ClientWidth - ScaleX(32);
    Note.WordWrap := True;
    Note.Caption := FmtMessage(CustomMessage('RemoveDataKeep'), [DataDir()]);
    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(16);
    Box.Top := ScaleY(100);
    Box.Width := Form.ClientWidth - ScaleX(32);
    Box.Caption := CustomMessage('RemoveDataBox');
    Box.Checked := False;
    GoOn := TNewButton.Create(Form);
    GoOn.Parent := Form;
    GoOn.Caption := CustomMessage('ContinueButton');
    GoOn.ModalResult := mrOk;
    GoOn.Default := True;
    GoOn.Width := ScaleX(88);
    GoOn.Height := ScaleY(26);
    GoOn.Left := Form.ClientWidth - ScaleX(2 * 88 + 24);
    GoOn.Top := Form.ClientHeight - ScaleY(40);
    Stop := TNewButton.Create(Form);
    Stop.Parent := Form;
    Stop.Caption := CustomMessage('CancelButton');
    Stop.ModalResult := mrCancel;
    Stop.Cancel := True;
    Stop.Width := ScaleX(88);
    Stop.Height := ScaleY(26);
    Stop.Left := Form.ClientWidth - ScaleX(88 + 16);
    Stop.Top := GoOn.Top;
    if Form.ShowModal() <> mrOk then
      Abort;
    Result := Box.Checked and
      (MsgBox(FmtMessage(CustomMessage('RemoveDataSure'), [DataDir()]),
              mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES);
  finally
    Form.Free();
  end;
end;

function InitializeUninstall(): Boolean;
begin
  RemoveData := False;
  if not UninstallSilent() and DirExists(DataDir()) then
    RemoveData := AskToRemoveData();
  Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and RemoveData then
  begin
    DelTree(DataDir(), True, True, True);
    { the window's remembered size and choices (QSettings) }
    RegDeleteKeyIncludingSubkeys(HKCU, 'Software\FacilityLedger');
  end;
end;
