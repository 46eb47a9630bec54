<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>registry</name>
    <message>
        <location filename="../../../ui/pages/registry.py" line="20"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/registry.py" line="21"/>
        <source>Programme</source>
        <translation>统筹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/registry.py" line="22"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/registry.py" line="23"/>
        <source>Spaces</source>
        <translation>空间资源</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/registry.py" line="24"/>
        <source>Nine functions</source>
        <translation>九项功能</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/registry.py" line="25"/>
        <source>Demands</source>
        <translation>需求清单</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/registry.py" line="26"/>
        <source>Projects</source>
        <translation>建设项目</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/registry.py" line="27"/>
        <source>Operators</source>
        <translation>运营主体</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/registry.py" line="28"/>
        <source>Evaluations</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/registry.py" line="29"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/registry.py" line="30"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>This page is being built.</source>
        <translation type="vanished">此页面正在建设中。</translation>
    </message>
    <message>
        <source>Exchanging data packages with the district comes in a later version.</source>
        <translation type="vanished">与区县交换数据包，后续版本提供。</translation>
    </message>
    <message>
        <source>Exporting to Excel and printing PDF come in a later version.</source>
        <translation type="vanished">导出 Excel 与打印 PDF，后续版本提供。</translation>
    </message>
</context>
</TS>
