<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ProgrammeDialog</name>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="79"/>
        <source>Programme directory</source>
        <translation>项目名录</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="93"/>
        <source>Directory on:</source>
        <translation>名录日期：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="100"/>
        <source>Tier</source>
        <translation>项目类型</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="100"/>
        <source>Batch</source>
        <translation>批次年度</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="100"/>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="106"/>
        <source>Project</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="101"/>
        <source>District</source>
        <translation>区县（开发区）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="101"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="101"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="102"/>
        <source>Since</source>
        <translation>列入日期</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="102"/>
        <source>Stage</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="106"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="106"/>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="107"/>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="107"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="112"/>
        <source>Add…</source>
        <translation>调入…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="113"/>
        <source>A project joins the directory from a date</source>
        <translation>调入：项目自某日起列入名录</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="114"/>
        <source>Take out…</source>
        <translation>调出…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="116"/>
        <source>The selected project leaves the directory from a date</source>
        <translation>调出：所选项目自某日起不再列入名录</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="117"/>
        <source>Replace…</source>
        <translation>替换…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="119"/>
        <source>A new project takes the selected one&apos;s place, tier, batch and plan</source>
        <translation>替换：新项目接替所选项目的类型、批次和计划</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="120"/>
        <source>Import the list from Excel…</source>
        <translation>从 Excel 导入名录…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="165"/>
        <source>No programme directory received from the city yet: the list below is the projects&apos; own tier and planned year.</source>
        <translation>尚未收到市级项目名录：以下按各项目自填的项目类型和计划年度列出。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="168"/>
        <source>The directory is the city&apos;s: version {n}.</source>
        <translation>项目名录由市级统一维护：第 {n} 版。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="85"/>
        <source>Only the city changes it; here it is read-only, for this ledger&apos;s own area.</source>
        <translation>只有市级台账可以调入、调出或替换；这里只读，只列本辖区的项目。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/dialogs/programme_dialog.py" line="170"/>
        <source>%n project(s)</source>
        <translation>
            <numerusform>共 %n 个项目</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="180"/>
        <source>{name}: replaced {old}</source>
        <translation>{name}：替换了“{old}”</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="209"/>
        <source>Select a project to see its changes.</source>
        <translation>选中一个项目，查看它在名录中的变更。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="215"/>
        <source>“{name}”: no change in the directory (listed by its own tier).</source>
        <translation>“{name}”：名录中没有它的变更（按项目自填的类型列出）。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="218"/>
        <source>Changes of “{name}”:</source>
        <translation>“{name}”的变更：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="239"/>
        <source>Listed</source>
        <translation>列入</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="247"/>
        <source>batch {year}</source>
        <translation>{year} 年批次</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="251"/>
        <source>replaces {old}</source>
        <translation>替换“{old}”</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="284"/>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="298"/>
        <source>Import the programme list</source>
        <translation>导入项目名录</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="285"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/programme_dialog.py" line="306"/>
        <source>{n} change(s) imported: the directory is now version {version}.</source>
        <translation>已导入 {n} 条变更：项目名录现为第 {version} 版。</translation>
    </message>
</context>
</TS>
