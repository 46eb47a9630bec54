<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>same_demand</name>
    <message>
        <location filename="../../../ui/forms/same_demand.py" line="62"/>
        <source>{community} already has this demand, recorded on {date}:
“{content}”, residents involved: {now}.

Add the {count} of this entry to it, making {total}? The rest of what you entered here is not saved separately.</source>
        <translation>{community}已有这条需求（{date}登记）：
“{content}”，涉及 {now} 人。

把这次的 {count} 人加到那一条上，共 {total} 人？这次填写的其他内容不会另存。</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/same_demand.py" line="75"/>
        <source>This demand is already recorded</source>
        <translation>这条需求已经登记过</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/same_demand.py" line="78"/>
        <source>Add {count} to it</source>
        <translation>加到那一条上（+{count} 人）</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/same_demand.py" line="80"/>
        <source>Back to the entry</source>
        <translation>返回修改</translation>
    </message>
</context>
</TS>
