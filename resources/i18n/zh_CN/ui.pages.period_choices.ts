<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>period_choices</name>
    <message>
        <location filename="../../../ui/pages/period_choices.py" line="17"/>
        <source>By managing zone</source>
        <translation>按管理关系</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/period_choices.py" line="18"/>
        <source>By legal district</source>
        <translation>按行政区划</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/period_choices.py" line="19"/>
        <source>Count a street managed by a development zone under the zone, or under its legal district</source>
        <translation>开发区托管的街道计入开发区，或计入其所属行政区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/period_choices.py" line="28"/>
        <source>The quarter the ranking is for</source>
        <translation>季度排名的季度</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/period_choices.py" line="41"/>
        <source>{year} Q{n}</source>
        <translation>{year}年第{n}季度</translation>
    </message>
</context>
</TS>
