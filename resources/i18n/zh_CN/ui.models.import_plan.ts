<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ErrorsModel</name>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="116"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="117"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="118"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="119"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>SheetsModel</name>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="47"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="48"/>
        <source>Taken as</source>
        <translation>识别为</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="49"/>
        <source>Header row</source>
        <translation>表头行</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="50"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="51"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="52"/>
        <source>Restored</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="53"/>
        <source>Unchanged</source>
        <translation>无变化</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="54"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../../ui/models/import_plan.py" line="95"/>
        <source>(skipped)</source>
        <translation>（跳过）</translation>
    </message>
</context>
</TS>
