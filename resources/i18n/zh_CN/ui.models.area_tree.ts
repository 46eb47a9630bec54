<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AreaTreeModel</name>
    <message>
        <location filename="../../../ui/models/area_tree.py" line="46"/>
        <source>{label}: {value}</source>
        <translation>{label}：{value}</translation>
    </message>
    <message>
        <location filename="../../../ui/models/area_tree.py" line="49"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../../ui/models/area_tree.py" line="52"/>
        <source>Communities: {count}</source>
        <translation>社区：{count} 个</translation>
    </message>
    <message>
        <location filename="../../../ui/models/area_tree.py" line="63"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../../ui/models/area_tree.py" line="64"/>
        <source>Communities</source>
        <translation>社区数</translation>
    </message>
    <message>
        <location filename="../../../ui/models/area_tree.py" line="70"/>
        <source>All areas
Communities: {count}</source>
        <translation>全部区域
社区：{count} 个</translation>
    </message>
</context>
</TS>
