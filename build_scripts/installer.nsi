; renda's Windows installer: for the current user only, no administrator rights, Chinese pages.
; Compiled by build_scripts/build.py (build_scripts/installer.py), which passes
;   -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DBUNDLE=<folder holding renda.exe> -DOUTFILE=<setup.exe>
;   -DICON=<renda.ico> [-DTARGET=amd64-unicode]
; This file is UTF-8 with a byte order mark, so makensis reads the Chinese texts right.
;
; The clerk's data is never in the program folder: renda keeps it in %LOCALAPPDATA%\renda
; (app/core/paths.py). An upgrade replaces the program files and leaves the data alone; the
; uninstaller removes the data only when the clerk ticks the box for it.

!ifdef TARGET
  Target ${TARGET}
!endif
Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"

!ifndef VERSION | VERSION4 | BUNDLE | OUTFILE | ICON
  !error "Build with: python build_scripts/build.py (it passes VERSION, VERSION4, BUNDLE, OUTFILE, ICON)"
!endif

!define APP_NAME "乡镇人大工作台"
!define APP_ID "renda"
!define APP_EXE "renda.exe"
!define CLI_EXE "renda-cli.exe"
!define UNINSTALLER "uninstall.exe"
!define DATA_DIR "$LOCALAPPDATA\renda"
!define SETTINGS_KEY "Software\${APP_ID}"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\renda"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallDir"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${APP_NAME}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "安装${APP_NAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "本程序将把${APP_NAME}安装到您的用户文件夹，不需要管理员权限，也不需要联网。$\r$\n$\r$\n您的数据（数据库、照片、备份）保存在$\r$\n${DATA_DIR}$\r$\n升级或卸载程序时都会保留。$\r$\n$\r$\n如果${APP_NAME}正在运行，请先关闭它。点“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开${APP_NAME}"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从您的电脑上卸载${APP_NAME}。您的数据默认保留，下一步可以选择是否一并删除。"
!define MUI_COMPONENTSPAGE_TEXT_TOP "勾选要删除的内容。不勾选“我的数据”时，数据会保留，以后重新安装可以继续使用。"

!insertmacro MUI_PAGE_WELCOME
; An upgrade goes where the program already is: the folder page is shown on a first install only.
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipFolderPageOnUpgrade
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Function SkipFolderPageOnUpgrade
  ReadRegStr $0 HKCU "${SETTINGS_KEY}" "InstallDir"
  ${If} $0 != ""
  ${AndIf} ${FileExists} "$0\${APP_EXE}"
    Abort
  ${EndIf}
FunctionEnd

Function .onVerifyInstDir
  ; Installing into the data folder would mix program and data, and the uninstaller clears
  ; the program folder.
  ${If} $INSTDIR == "${DATA_DIR}"
    Abort
  ${EndIf}
FunctionEnd

; A running renda.exe cannot be replaced or removed: ask the clerk to close it.
!macro EnsureClosed un
Function ${un}EnsureClosed
  ${ForEach} $1 0 1 + 1
    ${If} $1 == 0
      StrCpy $2 "$INSTDIR\${APP_EXE}"
    ${Else}
      StrCpy $2 "$INSTDIR\${CLI_EXE}"
    ${EndIf}
    retry_$1:
    ${If} ${FileExists} $2
      ClearErrors
      Delete $2
      ${If} ${Errors}
        MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME}正在运行。请先关闭它（保存好正在录入的内容），然后点“重试”。" /SD IDCANCEL IDRETRY retry_$1
        Abort "${APP_NAME}正在运行，没有改动任何文件。"
      ${EndIf}
    ${EndIf}
  ${Next}
FunctionEnd
!macroend
!insertmacro EnsureClosed ""
!insertmacro EnsureClosed "un."

Section "-program"
  SetOutPath "$INSTDIR"
  Call EnsureClosed
  ; An upgrade replaces the program files whole, so no library of the old version lingers.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}\*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "un.程序和快捷方式" UnProgram
  SectionIn RO
  Call un.EnsureClosed
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ; Only what the installer put there: a folder the clerk chose may hold other files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
SectionEnd

Var RemoveData ; "1": the uninstaller was started with /REMOVEDATA (see un.onInit)

Section /o "un.我的数据" UnData
  StrCmp $RemoveData "1" delete_data ; asked for on the command line: no second question
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "将永久删除 ${DATA_DIR} 中的全部数据：代表档案、照片和备份。删除后无法恢复。$\r$\n$\r$\n确定要删除吗？" /SD IDNO IDYES delete_data
  DetailPrint "保留了数据：${DATA_DIR}"
  Return
  delete_data:
  RMDir /r "${DATA_DIR}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnProgram} "删除程序文件、开始菜单和桌面上的快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${UnData} "同时删除 ${DATA_DIR} 中的数据库、照片和备份。默认不勾选：数据保留。"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END

; `uninstall.exe /S` keeps the data (as the unticked box does); `uninstall.exe /S /REMOVEDATA`
; deletes it too, for an IT person clearing a PC from a script. Without /S the box decides.
Function un.onInit
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/REMOVEDATA" $1
  ${IfNot} ${Errors}
    StrCpy $RemoveData "1"
    SectionSetFlags ${UnData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
