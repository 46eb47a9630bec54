<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ProgrammePage</name>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="86"/>
        <source>Programme</source>
        <translation>统筹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="102"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="112"/>
        <source>By managing zone</source>
        <translation>按管理关系</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="113"/>
        <source>By legal district</source>
        <translation>按行政区划</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="115"/>
        <source>Count a street managed by a development zone under the zone, or under its legal district</source>
        <translation>开发区托管的街道计入开发区，或计入其所属行政区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="118"/>
        <source>The quarter the ranking is for</source>
        <translation>季排名的季度</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="120"/>
        <source>The year the assessment is for</source>
        <translation>年考核的年度</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="127"/>
        <source>Districts:</source>
        <translation>区县口径：</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="131"/>
        <source>Quarter:</source>
        <translation>季度：</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="134"/>
        <source>Assessment year:</source>
        <translation>考核年度：</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="138"/>
        <source>Choose a street, a district or the whole city on the left: the programme&apos;s figures are counted by street.</source>
        <translation>请在左侧选择街道、区县或全市：统筹数据按街道统计。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="143"/>
        <source>No street in this area.</source>
        <translation>本区域没有街道。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="144"/>
        <source>Who has not reported</source>
        <translation>未报送</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="172"/>
        <source>{year} Q{n}</source>
        <translation>{year}年第{n}季度</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="228"/>
        <source>No ledger open</source>
        <translation>未打开台账</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="237"/>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="253"/>
        <source>{silent} of {streets} silent</source>
        <translation>{streets} 个街道中 {silent} 个未报送</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="257"/>
        <source>{silent} of {streets} streets have sent nothing for {days} days or more (or never); the most silent first.</source>
        <translation>{streets} 个街道中有 {silent} 个 {days} 天及以上未报送数据（或从未报送）；未报送最久的排在前面。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="261"/>
        <source>A district&apos;s last report is its newest street&apos;s.</source>
        <translation>区县的最后报送时间取其所辖街道中最近的一次。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="263"/>
        <source>The list shows the first {n} of {areas}.</source>
        <translation>共 {areas} 个，列出前 {n} 个。</translation>
    </message>
</context>
</TS>
