<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>TaskProgress</name>
    <message>
        <location filename="../../../ui/widgets/task_progress.py" line="47"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
