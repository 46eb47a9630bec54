<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>main</name>
    <message>
        <location filename="../../../ui/app.py" line="45"/>
        <source>Community Embedded Service Facilities Ledger</source>
        <translation>社区嵌入式服务设施台账</translation>
    </message>
    <message>
        <location filename="../../../ui/app.py" line="90"/>
        <source>Cannot open the ledger</source>
        <translation>无法打开台账</translation>
    </message>
</context>
</TS>
