<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../../ui/help/guide.py" line="48"/>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <location filename="../../../ui/help/guide.py" line="58"/>
        <source>Find in the guide (Ctrl+F)</source>
        <translation>在使用说明中查找（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../../ui/help/guide.py" line="91"/>
        <source>The guide cannot be read: {error}</source>
        <translation>无法读取使用说明：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/help/guide.py" line="125"/>
        <source>Not found</source>
        <translation>找不到</translation>
    </message>
    <message>
        <location filename="../../../ui/help/guide.py" line="132"/>
        <source>&amp;User guide</source>
        <translation>使用说明(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../../ui/help/guide.py" line="134"/>
        <source>How to record, import, print and sync (F1)</source>
        <translation>如何登记、导入、打印和同步（F1）</translation>
    </message>
</context>
</TS>
