<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="172"/>
        <location filename="../../../ui/forms/field_editors.py" line="233"/>
        <source>Not filled</source>
        <translation>未填</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="176"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="178"/>
        <source>Leave this date empty</source>
        <translation>清空此日期（不填）</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="240"/>
        <source>Please choose</source>
        <translation>请选择</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="327"/>
        <source>Choose, or type a name or code</source>
        <translation>请选择，或输入名称、代码</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/field_editors.py" line="370"/>
        <source>Not in the list: choose one of the offered records</source>
        <translation>列表中没有此项，请从下拉列表中选择</translation>
    </message>
</context>
</TS>
