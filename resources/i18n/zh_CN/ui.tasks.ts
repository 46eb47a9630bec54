<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Task</name>
    <message>
        <location filename="../../../ui/tasks.py" line="26"/>
        <source>Program error: {error}</source>
        <translation>程序出错：{error}</translation>
    </message>
</context>
</TS>
