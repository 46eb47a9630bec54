<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>opening</name>
    <message>
        <location filename="../../../ui/opening.py" line="75"/>
        <source>Opening the ledger…</source>
        <translation>正在打开台账…</translation>
    </message>
    <message>
        <location filename="../../../ui/opening.py" line="81"/>
        <source>The program did not close properly last time: checking the ledger…</source>
        <translation>上次程序未正常关闭，正在检查台账…</translation>
    </message>
    <message>
        <location filename="../../../ui/opening.py" line="103"/>
        <source>Reading the areas…</source>
        <translation>正在读取区域…</translation>
    </message>
    <message>
        <location filename="../../../ui/opening.py" line="110"/>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location filename="../../../ui/opening.py" line="139"/>
        <source>Generating demo data…</source>
        <translation>正在生成演示数据…</translation>
    </message>
</context>
</TS>
