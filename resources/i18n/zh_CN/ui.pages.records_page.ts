<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RecordsPage</name>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="105"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="106"/>
        <source>New record (Ctrl+N)</source>
        <translation>新建记录（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="108"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="109"/>
        <source>Edit the selected record (Enter or double-click)</source>
        <translation>修改选中的记录（回车或双击）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="111"/>
        <location filename="../../../ui/pages/records_page.py" line="461"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="112"/>
        <source>Delete the selected record (Del)</source>
        <translation>删除选中的记录（Del）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="114"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="115"/>
        <source>Bring the selected deleted record back</source>
        <translation>恢复选中的已删除记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="117"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="120"/>
        <source>Show the change history of the selected record beside the list</source>
        <translation>在列表旁显示所选记录的修改历史</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="136"/>
        <source>Show deleted</source>
        <translation>显示已删除</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="137"/>
        <source>Also list deleted records, to restore them</source>
        <translation>同时列出已删除的记录，以便恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="141"/>
        <source>Search {fields} (Ctrl+F)</source>
        <translation>搜索{fields}（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="224"/>
        <source>Show only the records with this {field}</source>
        <translation>只显示此{field}的记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="226"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="234"/>
        <source>Not filled</source>
        <translation>未填</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/records_page.py" line="363"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>共 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="411"/>
        <source>Cannot open the record</source>
        <translation>无法打开记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="428"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="457"/>
        <source>Delete {entity} &quot;{name}&quot;?</source>
        <translation>删除{entity}“{name}”？</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="458"/>
        <source>A deleted record can be brought back: tick &quot;Show deleted&quot;, select it and click Restore.</source>
        <translation>删除后仍可恢复：勾选“显示已删除”，选中该记录后点“恢复”。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="460"/>
        <source>Delete record</source>
        <translation>删除记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="461"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="465"/>
        <source>Cannot delete</source>
        <translation>无法删除</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="466"/>
        <source>Deleted &quot;{name}&quot;</source>
        <translation>已删除“{name}”</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="485"/>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="486"/>
        <source>Restored &quot;{name}&quot;</source>
        <translation>已恢复“{name}”</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="555"/>
        <source>Print the community profile…</source>
        <translation>打印社区概况…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="556"/>
        <source>Print the demand list (public)…</source>
        <translation>打印需求清单（公示版）…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="558"/>
        <source>Print this community&apos;s demand list (public)…</source>
        <translation>打印本社区需求清单（公示版）…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/records_page.py" line="582"/>
        <source>The report failed</source>
        <translation>生成报表失败</translation>
    </message>
</context>
</TS>
