<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>no_function</name>
    <message>
        <location filename="../../../ui/forms/no_function.py" line="22"/>
        <source>No function chosen</source>
        <translation>还没有选择功能类别</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/no_function.py" line="23"/>
        <source>This demand has no function. The demand list groups demands by function; this one would be listed as “Unclassified”.

Choose its function (“Other” if none of the nine fits), or save it without one?</source>
        <translation>这条需求还没有选择功能类别。需求清单按功能类别分组，这条会列在“未分类”里。

现在选择功能类别（九项都不符合的选“其他”），还是不选类别直接保存？</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/no_function.py" line="29"/>
        <source>Choose a function</source>
        <translation>选择功能类别</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/no_function.py" line="31"/>
        <source>Save without a function</source>
        <translation>不选类别，直接保存</translation>
    </message>
</context>
</TS>
