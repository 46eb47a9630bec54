<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>NewRecordChooser</name>
    <message>
        <location filename="../../../ui/new_chooser.py" line="22"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../../ui/new_chooser.py" line="27"/>
        <source>Open the form for a new record in {page}</source>
        <translation>打开表单，在“{page}”中新建一条记录</translation>
    </message>
</context>
</TS>
