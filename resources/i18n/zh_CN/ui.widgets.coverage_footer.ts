<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CoverageFooter</name>
    <message>
        <location filename="../../../ui/widgets/coverage_footer.py" line="47"/>
        <source>Covered / counted</source>
        <translation>已覆盖/应计</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/coverage_footer.py" line="48"/>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/coverage_footer.py" line="49"/>
        <source>2030 target</source>
        <translation>2030 年目标</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/coverage_footer.py" line="50"/>
        <source>Status</source>
        <translation>达标情况</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/coverage_footer.py" line="59"/>
        <source>Met</source>
        <translation>已达标</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/coverage_footer.py" line="61"/>
        <source>{n} to go</source>
        <translation>还差 {n} 个</translation>
    </message>
</context>
</TS>
