<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="171"/>
        <location filename="../../../ui/forms/field_editors.py" line="232"/>
        <source>Not filled</source>
        <translation>未填</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="175"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="177"/>
        <source>Leave this date empty</source>
        <translation>清空此日期（不填）</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="239"/>
        <source>Please choose</source>
        <translation>请选择</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="326"/>
        <source>Choose, or type a name or code</source>
        <translation>请选择，或输入名称、代码</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="369"/>
        <source>Not in the list: choose one of the offered records</source>
        <translation>列表中没有此项，请从下拉列表中选择</translation>
    </message>
</context>
</TS>
