<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DateRangeFilter</name>
    <message>
        <location filename="../../../ui/widgets/date_range.py" line="28"/>
        <source>From this day on (empty: no limit)</source>
        <translation>从这一天起（不填则不限）</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/date_range.py" line="29"/>
        <source>Up to this day (empty: no limit)</source>
        <translation>到这一天为止（不填则不限）</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/date_range.py" line="33"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/date_range.py" line="34"/>
        <source>Show every date again</source>
        <translation>不再按日期筛选</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/date_range.py" line="46"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/date_range.py" line="57"/>
        <source>Any</source>
        <translation>不限</translation>
    </message>
</context>
</TS>
