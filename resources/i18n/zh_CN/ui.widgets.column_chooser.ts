<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ColumnChooser</name>
    <message>
        <location filename="../../../ui/widgets/column_chooser.py" line="64"/>
        <source>This column names the record: it is always shown</source>
        <translation>这一列是记录的名称，始终显示</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/column_chooser.py" line="68"/>
        <source>Show the default columns</source>
        <translation>恢复默认列</translation>
    </message>
</context>
</TS>
