<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>entity_names</name>
    <message>
        <location filename="../../../ui/entity_names.py" line="16"/>
        <source>district</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../../ui/entity_names.py" line="17"/>
        <source>development zone</source>
        <translation>开发区</translation>
    </message>
    <message>
        <location filename="../../../ui/entity_names.py" line="18"/>
        <source>street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../../ui/entity_names.py" line="19"/>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../../ui/entity_names.py" line="20"/>
        <source>space</source>
        <translation>空间资源</translation>
    </message>
    <message>
        <location filename="../../../ui/entity_names.py" line="21"/>
        <source>function status</source>
        <translation>功能配置</translation>
    </message>
    <message>
        <location filename="../../../ui/entity_names.py" line="22"/>
        <source>demand</source>
        <translation>需求清单</translation>
    </message>
    <message>
        <location filename="../../../ui/entity_names.py" line="23"/>
        <source>project</source>
        <translation>建设项目</translation>
    </message>
    <message>
        <location filename="../../../ui/entity_names.py" line="24"/>
        <source>operator</source>
        <translation>运营主体</translation>
    </message>
    <message>
        <location filename="../../../ui/entity_names.py" line="25"/>
        <source>evaluation</source>
        <translation>评估</translation>
    </message>
</context>
</TS>
