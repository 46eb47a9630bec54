<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BackupsModel</name>
    <message>
        <location filename="../../../ui/models/backup_list.py" line="62"/>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../../ui/models/backup_list.py" line="62"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../../ui/models/backup_list.py" line="63"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../../ui/models/backup_list.py" line="63"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>backups</name>
    <message>
        <location filename="../../../ui/models/backup_list.py" line="28"/>
        <source>Before a program upgrade</source>
        <translation>程序升级前</translation>
    </message>
    <message>
        <location filename="../../../ui/models/backup_list.py" line="30"/>
        <source>Daily, automatic</source>
        <translation>每日自动备份</translation>
    </message>
    <message>
        <location filename="../../../ui/models/backup_list.py" line="31"/>
        <source>Before an Excel import</source>
        <translation>导入 Excel 前</translation>
    </message>
    <message>
        <location filename="../../../ui/models/backup_list.py" line="32"/>
        <source>Before importing bundles</source>
        <translation>导入数据包前</translation>
    </message>
    <message>
        <location filename="../../../ui/models/backup_list.py" line="33"/>
        <source>Made by hand</source>
        <translation>手动备份</translation>
    </message>
    <message>
        <location filename="../../../ui/models/backup_list.py" line="34"/>
        <source>Before a restore</source>
        <translation>恢复备份前</translation>
    </message>
</context>
</TS>
