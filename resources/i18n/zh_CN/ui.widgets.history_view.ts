<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="146"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="147"/>
        <source>Bring this deleted record back</source>
        <translation>恢复这条已删除的记录</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="160"/>
        <source>Change history</source>
        <translation>修改历史</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="178"/>
        <source>Choose a record in the list to see its changes.</source>
        <translation>在列表中选择一条记录，即可查看它的修改历史。</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="189"/>
        <source>{entity}: {title}</source>
        <translation>{entity}：{title}</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="192"/>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="203"/>
        <source>No changes recorded.</source>
        <translation>没有修改记录。</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="204"/>
        <source>Not filled</source>
        <translation>未填</translation>
    </message>
</context>
<context>
    <name>history</name>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="38"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="39"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="40"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="41"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="42"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="43"/>
        <source>Sync merge</source>
        <translation>同步合并</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="44"/>
        <source>Personal information shown</source>
        <translation>已显示个人信息</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/history_view.py" line="108"/>
        <source>Whole list</source>
        <translation>整个列表</translation>
    </message>
</context>
</TS>
