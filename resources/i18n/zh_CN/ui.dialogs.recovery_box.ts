<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RecoveryBox</name>
    <message>
        <location filename="../../../ui/dialogs/recovery_box.py" line="16"/>
        <source>The ledger is damaged</source>
        <translation>台账已损坏</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/recovery_box.py" line="17"/>
        <source>The ledger database is damaged:
{path}</source>
        <translation>台账数据库已损坏：
{path}</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/recovery_box.py" line="22"/>
        <source>The latest backup was taken on {time}. Restoring it replaces the ledger with the backup: changes made after that time are lost. The damaged file is kept beside the ledger for technical support.

You can also open the damaged ledger read-only, at your own risk: you can look at it but not save.</source>
        <translation>最近一次备份创建于 {time}。恢复备份会用备份替换台账：此后所做的更改将丢失。损坏的文件会保留在台账旁边，供技术支持排查。

也可以以只读方式打开已损坏的台账（风险自负）：只能查看，不能保存。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/recovery_box.py" line="29"/>
        <source>There is no backup to restore. You can open the damaged ledger read-only, at your own risk, and ask technical support for help.</source>
        <translation>没有可恢复的备份。可以以只读方式打开已损坏的台账（风险自负），并联系技术支持。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/recovery_box.py" line="37"/>
        <source>Restore the latest backup</source>
        <translation>恢复最近的备份</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/recovery_box.py" line="39"/>
        <source>Open read-only (at your own risk)</source>
        <translation>以只读方式打开（风险自负）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/recovery_box.py" line="41"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
</TS>
