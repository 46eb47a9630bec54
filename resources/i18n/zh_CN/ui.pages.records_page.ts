<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RecordsPage</name>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="100"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="101"/>
        <source>New record (Ctrl+N)</source>
        <translation>新建记录（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="103"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="104"/>
        <source>Edit the selected record (Enter or double-click)</source>
        <translation>修改选中的记录（回车或双击）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="106"/>
        <location filename="../../../ui/pages/records_page.py" line="454"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="107"/>
        <source>Delete the selected record (Del)</source>
        <translation>删除选中的记录（Del）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="109"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="110"/>
        <source>Bring the selected deleted record back</source>
        <translation>恢复选中的已删除记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="112"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="115"/>
        <source>Show the change history of the selected record beside the list</source>
        <translation>在列表旁显示所选记录的修改历史</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="131"/>
        <source>Show deleted</source>
        <translation>显示已删除</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="132"/>
        <source>Also list deleted records, to restore them</source>
        <translation>同时列出已删除的记录，以便恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="136"/>
        <source>Search {fields} (Ctrl+F)</source>
        <translation>搜索{fields}（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="219"/>
        <source>Show only the records with this {field}</source>
        <translation>只显示此{field}的记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="221"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="229"/>
        <source>Not filled</source>
        <translation>未填</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/records_page.py" line="358"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>共 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="406"/>
        <source>Cannot open the record</source>
        <translation>无法打开记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="423"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="450"/>
        <source>Delete {entity} &quot;{name}&quot;?</source>
        <translation>删除{entity}“{name}”？</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="451"/>
        <source>A deleted record can be brought back: tick &quot;Show deleted&quot;, select it and click Restore.</source>
        <translation>删除后仍可恢复：勾选“显示已删除”，选中该记录后点“恢复”。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="453"/>
        <source>Delete record</source>
        <translation>删除记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="454"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="459"/>
        <source>Cannot delete</source>
        <translation>无法删除</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="462"/>
        <source>Deleted &quot;{name}&quot;</source>
        <translation>已删除“{name}”</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="479"/>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="483"/>
        <source>Restored &quot;{name}&quot;</source>
        <translation>已恢复“{name}”</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="543"/>
        <source>Print the community profile…</source>
        <translation>打印社区概况…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="544"/>
        <source>Print the demand list (public)…</source>
        <translation>打印需求清单（公示版）…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="546"/>
        <source>Print this community&apos;s demand list (public)…</source>
        <translation>打印本社区需求清单（公示版）…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="570"/>
        <source>The report failed</source>
        <translation>生成报表失败</translation>
    </message>
</context>
</TS>
