<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ChangeForm</name>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="68"/>
        <source>Add a project to the directory</source>
        <translation>调入项目</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="69"/>
        <source>Take a project out of the directory</source>
        <translation>调出项目</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="70"/>
        <source>Replace a project in the directory</source>
        <translation>替换项目</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="81"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="82"/>
        <source>Street (street-unit project)</source>
        <translation>街道（以街道为单元的项目）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="84"/>
        <source>Code or name</source>
        <translation>代码或名称</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="87"/>
        <source>(not set)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="92"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="95"/>
        <source>Project:</source>
        <translation>项目：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="96"/>
        <source>Replaced project:</source>
        <translation>被替换的项目：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="98"/>
        <source>Project name:</source>
        <translation>项目名称：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="99"/>
        <source>New project:</source>
        <translation>接替的项目：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="101"/>
        <source>Tier:</source>
        <translation>项目类型：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="106"/>
        <source>Where:</source>
        <translation>所在：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="107"/>
        <source>Batch year:</source>
        <translation>批次年度：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="109"/>
        <source>Not set: the replaced project&apos;s batch</source>
        <translation>不填：沿用被替换项目的批次</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="110"/>
        <source>Date:</source>
        <translation>生效日期：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="111"/>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="117"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="171"/>
        <source>Type the project&apos;s name.</source>
        <translation>请填写项目名称。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_change.py" line="174"/>
        <source>Type the community (or, for a street-unit project, the street) by its code or name.</source>
        <translation>请填写所在社区（以街道为单元的项目填写街道），代码或名称均可。</translation>
    </message>
</context>
</TS>
