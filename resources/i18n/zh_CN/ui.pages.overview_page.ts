<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="63"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="69"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="73"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="74"/>
        <source>Spaces</source>
        <translation>空间资源</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="75"/>
        <source>Resident demands</source>
        <translation>需求清单</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="76"/>
        <source>Projects</source>
        <translation>建设项目</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="107"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="107"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="107"/>
        <source>Standard</source>
        <translation>标配</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="107"/>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="115"/>
        <source>Communities with the fewest standard functions</source>
        <translation>标配功能覆盖最少的社区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="132"/>
        <source>Coverage of the nine functions against 2030 targets</source>
        <translation>九项功能覆盖率（对照 2030 年目标）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="136"/>
        <source>Green: target met; amber: not yet. The dark line marks the 2030 target. Not-yet-resettled communities are not counted.</source>
        <translation>绿色：已达标；橙色：未达标。深色竖线为 2030 年目标。未回迁社区不计入覆盖率。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="160"/>
        <source>Projects by stage</source>
        <translation>建设项目进度</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="173"/>
        <source>New community…</source>
        <translation>新建社区…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="174"/>
        <source>Add a community to the ledger</source>
        <translation>在台账中新增一个社区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="233"/>
        <source>No ledger open</source>
        <translation>未打开台账</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="252"/>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="257"/>
        <source>of which {n} not yet resettled</source>
        <translation>其中未回迁 {n} 个</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="259"/>
        <source>of which {n} idle</source>
        <translation>其中闲置 {n} 处</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="262"/>
        <source>{open} open, {urgent} of them urgent</source>
        <translation>未办结 {open} 条，其中紧急 {urgent} 条</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="268"/>
        <source>{n} in operation</source>
        <translation>已投入运营 {n} 个</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="273"/>
        <source>No milestone yet: {n}</source>
        <translation>尚未立项：{n} 个</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="289"/>
        <source>communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="95"/>
        <source>Counted at the stage before joint acceptance, not as accepted or operating</source>
        <translation>按验收前的阶段统计，不计入联合验收和投入运营</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/overview_page.py" line="276"/>
        <source>Failed joint acceptance: {n}</source>
        <translation>联合验收未通过：{n} 个</translation>
    </message>
</context>
</TS>
