<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RecordTableModel</name>
    <message>
        <location filename="../../../ui/models/record_table.py" line="234"/>
        <source>Error reading the data: {error}</source>
        <translation>读取数据时出错：{error}</translation>
    </message>
</context>
</TS>
