<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FreshnessList</name>
    <message>
        <location filename="../../../ui/widgets/freshness_list.py" line="62"/>
        <source>never reported</source>
        <translation>从未报送</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/widgets/freshness_list.py" line="63"/>
        <source>%n day(s)</source>
        <translation><numerusform>%n 天</numerusform></translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/freshness_list.py" line="87"/>
        <source>{area}: never reported</source>
        <translation>{area}：从未报送</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/freshness_list.py" line="89"/>
        <source>{area}: last report {last}, {days} ago</source>
        <translation>{area}：最后报送 {last}，已 {days}</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/freshness_list.py" line="99"/>
        <source>Flagged from {days} days without a report</source>
        <translation>{days} 天及以上未报送的标为未报送</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/freshness_list.py" line="108"/>
        <source>{line} (flagged)</source>
        <translation>{line}（未报送）</translation>
    </message>
</context>
</TS>
