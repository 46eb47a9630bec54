<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ConflictsPanel</name>
    <message>
        <location filename="../../../ui/pages/sync/conflicts.py" line="39"/>
        <source>Restore this value</source>
        <translation>恢复此值</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/conflicts.py" line="40"/>
        <source>Put the overwritten value back (as a new change of this office)</source>
        <translation>把被覆盖的值恢复回去（作为本机的一次新修改）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/conflicts.py" line="42"/>
        <source>Mark as reviewed</source>
        <translation>标记为已查看</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/conflicts.py" line="43"/>
        <source>Keep the value as it is and take the conflict off the list</source>
        <translation>保留现在的值，把这条冲突移出列表</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/conflicts.py" line="61"/>
        <source>No conflicts to review. When two offices change the same field, the later change is kept and the other value is listed here, so that you can put it back.</source>
        <translation>没有待查看的冲突。两处修改了同一字段时，保留较晚的修改，被覆盖的值会列在这里，可以恢复。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/conflicts.py" line="71"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/conflicts.py" line="86"/>
        <source>This office</source>
        <translation>本机</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/conflicts.py" line="93"/>
        <source>%n to review</source>
        <translation>
            <numerusform>%n 条待查看</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/conflicts.py" line="136"/>
        <source>Cannot restore the value</source>
        <translation>无法恢复此值</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/conflicts.py" line="138"/>
        <source>Restored {field} of {record}: {value}</source>
        <translation>已恢复“{record}”的{field}：{value}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/conflicts.py" line="150"/>
        <source>Cannot mark the conflict</source>
        <translation>无法标记此冲突</translation>
    </message>
</context>
</TS>
