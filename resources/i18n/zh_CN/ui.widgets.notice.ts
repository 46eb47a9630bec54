<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>notice</name>
    <message>
        <location filename="../../../ui/widgets/notice.py" line="18"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
</TS>
