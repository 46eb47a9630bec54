<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RecordsPage</name>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="118"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="119"/>
        <source>New record (Ctrl+N)</source>
        <translation>新建记录（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="121"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="122"/>
        <source>Edit the selected record (Enter or double-click)</source>
        <translation>修改选中的记录（回车或双击）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="124"/>
        <location filename="../../../ui/pages/records_page.py" line="580"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="125"/>
        <source>Delete the selected record (Del)</source>
        <translation>删除选中的记录（Del）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="127"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="128"/>
        <source>Bring the selected deleted record back</source>
        <translation>恢复选中的已删除记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="130"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="133"/>
        <source>Show the change history of the selected record beside the list</source>
        <translation>在列表旁显示所选记录的修改历史</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="135"/>
        <source>Show personal information</source>
        <translation>显示个人信息</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="137"/>
        <source>Show the contact and phone of the selected record unmasked (the showing is recorded: who, when, which record)</source>
        <translation>显示所选记录完整的联系人和电话（会记录谁在何时查看了哪条记录）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="140"/>
        <source>Show personal information of the list</source>
        <translation>显示整个列表的个人信息</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="142"/>
        <source>Show the contacts and phones of the whole list unmasked, until it changes (the showing is recorded)</source>
        <translation>显示整个列表完整的联系人和电话，直到列表条件改变（查看会被记录）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="161"/>
        <source>Show deleted</source>
        <translation>显示已删除</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="162"/>
        <source>Also list deleted records, to restore them</source>
        <translation>同时列出已删除的记录，以便恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="166"/>
        <source>Search {fields} (Ctrl+F)</source>
        <translation>搜索{fields}（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="201"/>
        <source>Show only the records whose {field} falls in this range, both days included</source>
        <translation>只显示{field}在此范围内的记录（含首尾两天）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="266"/>
        <source>Show only the records with this {field}</source>
        <translation>只显示此{field}的记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="268"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="276"/>
        <source>Not filled</source>
        <translation>未填</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/records_page.py" line="476"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>共 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="524"/>
        <source>Cannot open the record</source>
        <translation>无法打开记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="541"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="575"/>
        <source>Delete {entity} &quot;{name}&quot;?</source>
        <translation>删除{entity}“{name}”？</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="577"/>
        <source>A deleted record can be brought back: tick &quot;Show deleted&quot;, select it and click Restore.</source>
        <translation>删除后仍可恢复：勾选“显示已删除”，选中该记录后点“恢复”。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="579"/>
        <source>Delete record</source>
        <translation>删除记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="580"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="584"/>
        <source>Cannot delete</source>
        <translation>无法删除</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="585"/>
        <source>Deleted &quot;{name}&quot;</source>
        <translation>已删除“{name}”</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="604"/>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="605"/>
        <source>Restored &quot;{name}&quot;</source>
        <translation>已恢复“{name}”</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="633"/>
        <source>Cannot show personal information</source>
        <translation>无法显示个人信息</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="641"/>
        <source>Personal information shown; the showing is recorded</source>
        <translation>已显示个人信息，本次查看已记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="713"/>
        <source>Print the community profile…</source>
        <translation>打印社区概况…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="714"/>
        <source>Print the demand list (public)…</source>
        <translation>打印需求清单（公示版）…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="716"/>
        <source>Print this community&apos;s demand list (public)…</source>
        <translation>打印本社区需求清单（公示版）…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="740"/>
        <source>The report failed</source>
        <translation>生成报表失败</translation>
    </message>
</context>
</TS>
