<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>StatusLegend</name>
    <message>
        <location filename="../../../ui/widgets/status_legend.py" line="63"/>
        <source>Legend:</source>
        <translation>图例：</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/status_legend.py" line="70"/>
        <source>Not-yet-resettled community (faded, not counted)</source>
        <translation>未回迁社区（颜色变淡，不计入覆盖率）</translation>
    </message>
</context>
</TS>
