<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>empty_hints</name>
    <message>
        <location filename="../../../ui/pages/empty_hints.py" line="22"/>
        <source>No {things} yet — create one, or import them from Excel</source>
        <translation>还没有{things} — 新建，或从 Excel 导入</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/empty_hints.py" line="24"/>
        <source>{area} has no {things} yet — create one, or import them from Excel</source>
        <translation>{area}还没有{things} — 新建，或从 Excel 导入</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/empty_hints.py" line="31"/>
        <source>No records match the search or the filters</source>
        <translation>没有符合条件的记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/empty_hints.py" line="36"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/empty_hints.py" line="43"/>
        <source>Import from Excel…</source>
        <translation>从 Excel 导入…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/empty_hints.py" line="49"/>
        <source>Clear the search and filters</source>
        <translation>清除搜索和筛选</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/empty_hints.py" line="50"/>
        <source>Show every record of the area again</source>
        <translation>重新显示本区域的全部记录</translation>
    </message>
</context>
</TS>
