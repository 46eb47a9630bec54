<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CoverageBars</name>
    <message>
        <location filename="../../../ui/widgets/coverage_bars.py" line="52"/>
        <source>{share}  ({covered}/{total}, target {target})</source>
        <translation>{share}（{covered}/{total}，目标 {target}）</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/coverage_bars.py" line="71"/>
        <source>Standard</source>
        <translation>标配</translation>
    </message>
</context>
</TS>
