<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>messages</name>
    <message>
        <location filename="../../../ui/forms/messages.py" line="14"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/messages.py" line="26"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
</TS>
