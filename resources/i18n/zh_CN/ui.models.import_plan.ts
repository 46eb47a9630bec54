<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ErrorsModel</name>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="119"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="120"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="121"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="122"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>SheetsModel</name>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="50"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="51"/>
        <source>Taken as</source>
        <translation>识别为</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="52"/>
        <source>Header row</source>
        <translation>表头行</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="53"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="54"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="55"/>
        <source>Restored</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="56"/>
        <source>Unchanged</source>
        <translation>无变化</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="57"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="98"/>
        <source>(skipped)</source>
        <translation>（跳过）</translation>
    </message>
</context>
<context>
    <name>UpdatesModel</name>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="237"/>
        <source>Record, and field: now → after</source>
        <translation>记录，及字段：现值 → 导入后</translation>
    </message>
</context>
</TS>
