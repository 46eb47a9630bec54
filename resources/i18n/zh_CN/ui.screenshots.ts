<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>screenshots</name>
    <message>
        <location filename="../../../ui/screenshots.py" line="45"/>
        <source>Cannot write the screenshot: {path}</source>
        <translation>无法写入截图：{path}</translation>
    </message>
</context>
</TS>
