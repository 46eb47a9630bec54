<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>saving</name>
    <message>
        <location filename="../../../ui/fieldvisit/saving.py" line="68"/>
        <source>Photo {name} was not added: {error}</source>
        <translation>照片“{name}”未能添加：{error}</translation>
    </message>
</context>
</TS>
