<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ConflictTableModel</name>
    <message>
        <location filename="../../../ui/models/conflict_table.py" line="74"/>
        <source>Ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../../../ui/models/conflict_table.py" line="75"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../../ui/models/conflict_table.py" line="76"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../../ui/models/conflict_table.py" line="77"/>
        <source>Overwritten value</source>
        <translation>被覆盖的值</translation>
    </message>
    <message>
        <location filename="../../../ui/models/conflict_table.py" line="78"/>
        <source>Value kept</source>
        <translation>保留的值</translation>
    </message>
    <message>
        <location filename="../../../ui/models/conflict_table.py" line="79"/>
        <source>From device</source>
        <translation>来自设备</translation>
    </message>
    <message>
        <location filename="../../../ui/models/conflict_table.py" line="80"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
</context>
</TS>
