<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ImportUndo</name>
    <message>
        <location filename="../../../ui/import_undo.py" line="99"/>
        <source>Cannot undo the import</source>
        <translation>无法撤销导入</translation>
    </message>
    <message>
        <location filename="../../../ui/import_undo.py" line="107"/>
        <source>Undo the import of &quot;{file}&quot; ({time})?</source>
        <translation>撤销“{file}”的导入（{time}）？</translation>
    </message>
    <message>
        <location filename="../../../ui/import_undo.py" line="109"/>
        <source>The {deleted} record(s) it added are deleted, and the {reverted} record(s) it updated get the values they had before it.</source>
        <translation>删除导入新增的 {deleted} 条记录，把导入更新的 {reverted} 条记录改回导入前的值。</translation>
    </message>
    <message>
        <location filename="../../../ui/import_undo.py" line="113"/>
        <source>These {count} record(s) were changed after the import, or new records refer to them: they are left as they are, the later changes are not overwritten:</source>
        <translation>以下 {count} 条记录在导入后又修改过，或有新记录引用它们：保持现状，不会覆盖之后的修改：</translation>
    </message>
    <message>
        <location filename="../../../ui/import_undo.py" line="119"/>
        <source>  … and {count} more</source>
        <translation>  ……另有 {count} 条</translation>
    </message>
    <message>
        <location filename="../../../ui/import_undo.py" line="121"/>
        <source>The undo is written as new changes: the history keeps the import and its undo.</source>
        <translation>撤销会作为新的修改写入：修改历史中导入和撤销都会保留。</translation>
    </message>
    <message>
        <location filename="../../../ui/import_undo.py" line="127"/>
        <location filename="../../../ui/import_undo.py" line="128"/>
        <source>Undo this import</source>
        <translation>撤销这次导入</translation>
    </message>
    <message>
        <location filename="../../../ui/import_undo.py" line="128"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../../ui/import_undo.py" line="136"/>
        <source>Undoing the import…</source>
        <translation>正在撤销导入…</translation>
    </message>
</context>
</TS>
