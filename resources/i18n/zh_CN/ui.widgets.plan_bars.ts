<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>PlanBars</name>
    <message>
        <location filename="../../../ui/widgets/plan_bars.py" line="59"/>
        <source>{done} / {planned}</source>
        <translation>{done} / {planned}</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/plan_bars.py" line="84"/>
        <source>{label}: {done} done of {planned} planned</source>
        <translation>{label}：计划 {planned} 个，已完成 {done} 个</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/plan_bars.py" line="91"/>
        <source>{label}: the plan is {planned}</source>
        <translation>{label}：计划 {planned} 个</translation>
    </message>
</context>
</TS>
