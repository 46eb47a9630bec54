<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FieldForm</name>
    <message>
        <location filename="../../../ui/fieldvisit/editors.py" line="239"/>
        <source>Required: please fill it in</source>
        <translation>必填，请填写</translation>
    </message>
</context>
</TS>
