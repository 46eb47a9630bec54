<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BackupsDialog</name>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="64"/>
        <source>Backups and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="67"/>
        <source>The ledger is backed up every day it is opened, before every import, before a program upgrade and before a restore. Restoring a backup puts the ledger back as it was then; the ledger as it is now is backed up first.</source>
        <translation>台账每天第一次打开时、每次导入前、程序升级前和恢复备份前都会自动备份。恢复一个备份，台账就回到备份时的样子；恢复前会先把现在的台账备份一份。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="71"/>
        <source>Folder: {folder}</source>
        <translation>备份文件夹：{folder}</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="89"/>
        <source>There are no backups yet: make one now.</source>
        <translation>还没有备份：可以点“立即备份”。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="94"/>
        <source>Restore the chosen backup…</source>
        <translation>恢复所选备份…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="97"/>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="138"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="100"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="138"/>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="146"/>
        <source>Restore the backup of {time} ({why})?</source>
        <translation>恢复 {time} 的备份（{why}）？</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="148"/>
        <source>The ledger goes back to how it was at {time}: what was changed after that is not in the restored ledger. The ledger as it is now is backed up first, so it can be restored again.</source>
        <translation>台账将回到 {time} 时的样子：此后做的修改不在恢复后的台账中。恢复前会先备份现在的台账，需要时可以再恢复回来。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="151"/>
        <source>The office&apos;s key (its device identity) changes: a restored ledger signs its data with a new key, because the old key may already have sent changes made after the backup. The office above must enrol the new key again: export the key file for it and read it the confirmation code by phone.</source>
        <translation>本单位的密钥（设备标识）会更换：恢复后的台账用新密钥签名数据，因为旧密钥可能已经报送过备份之后的修改。上级单位需要重新登记本单位的新密钥：导出密钥文件交给上级，并电话核对确认码。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="162"/>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="163"/>
        <source>Restore this backup</source>
        <translation>恢复此备份</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="163"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/backups_dialog.py" line="178"/>
        <source>Cannot back up</source>
        <translation>无法备份</translation>
    </message>
</context>
</TS>
