<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>UndoStack</name>
    <message>
        <location filename="../../../ui/undo.py" line="163"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../../ui/undo.py" line="166"/>
        <source>&amp;Undo: import of {file}</source>
        <translation>撤销(&amp;U)：导入 {file}</translation>
    </message>
    <message>
        <location filename="../../../ui/undo.py" line="168"/>
        <source>&amp;Undo: {action} {title}</source>
        <translation>撤销(&amp;U)：{action} {title}</translation>
    </message>
    <message>
        <location filename="../../../ui/undo.py" line="190"/>
        <source>Cannot undo</source>
        <translation>无法撤销</translation>
    </message>
    <message>
        <source>Undid the creation: {title}</source>
        <translation type="vanished">已撤销新建：{title}</translation>
    </message>
    <message>
        <source>Undid the restore: {title}</source>
        <translation type="vanished">已撤销恢复：{title}</translation>
    </message>
    <message>
        <source>Undid the deletion: {title}</source>
        <translation type="vanished">已撤销删除：{title}</translation>
    </message>
    <message>
        <source>Undid the edit: {title} ({fields})</source>
        <translation type="vanished">已撤销修改：{title}（{fields}）</translation>
    </message>
    <message>
        <location filename="../../../ui/undo.py" line="256"/>
        <source>Nothing to undo (Ctrl+Z)</source>
        <translation>没有可撤销的修改（Ctrl+Z）</translation>
    </message>
    <message>
        <location filename="../../../ui/undo.py" line="258"/>
        <source>Undo the last saved change (Ctrl+Z)</source>
        <translation>撤销最近一次保存的修改（Ctrl+Z）</translation>
    </message>
</context>
</TS>
