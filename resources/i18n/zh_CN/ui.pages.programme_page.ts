<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ProgrammePage</name>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="141"/>
        <source>Programme</source>
        <translation>统筹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="191"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="203"/>
        <source>The year the assessment is for</source>
        <translation>年考核的年度</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="214"/>
        <source>Districts:</source>
        <translation>区县口径：</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="218"/>
        <source>Quarter:</source>
        <translation>季度：</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="221"/>
        <source>Assessment year:</source>
        <translation>考核年度：</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="228"/>
        <source>Print:</source>
        <translation>打印：</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="234"/>
        <source>Programme directory…</source>
        <translation>项目名录…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="236"/>
        <source>The city&apos;s directory of national pilots and city projects, and its changes</source>
        <translation>市级项目名录：国家试点项目和市级项目，及其调入、调出、替换</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="242"/>
        <source>{paper} landscape</source>
        <translation>{paper} 横向</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="243"/>
        <source>The wall chart&apos;s paper</source>
        <translation>挂图作战图的纸张</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="245"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="246"/>
        <source>Excel</source>
        <translation>Excel</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="248"/>
        <source>PDF to print, or an Excel workbook of the same tables (the wall chart is PDF only)</source>
        <translation>PDF 用于打印，或同样表格的 Excel 工作簿（挂图作战图只有 PDF）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="257"/>
        <source>Choose a street, a district or the whole city on the left: the programme&apos;s figures are counted by street.</source>
        <translation>请在左侧选择街道、区县或全市：统筹数据按街道统计。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="266"/>
        <source>Days late</source>
        <translation>滞后天数</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="266"/>
        <source>Project</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="266"/>
        <source>Tier</source>
        <translation>项目类型</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="267"/>
        <source>Where</source>
        <translation>所在区域</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="267"/>
        <source>Milestone</source>
        <translation>滞后节点</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="267"/>
        <source>Due</source>
        <translation>计划完成</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="276"/>
        <source>Late projects</source>
        <translation>滞后项目</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="279"/>
        <source>No project of the programme in this area.</source>
        <translation>本区域没有试点或市级项目。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="280"/>
        <source>Progress against the plan</source>
        <translation>建设进度（对照计划）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="283"/>
        <source>No community is counted in this area.</source>
        <translation>本区域没有应计社区。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="284"/>
        <source>2030 targets by district</source>
        <translation>各区县（开发区）2030年目标达标情况</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="287"/>
        <source>No district or street to rank in this area.</source>
        <translation>本区域没有可排名的区县或街道。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="288"/>
        <source>Quarterly ranking</source>
        <translation>季度排名</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="296"/>
        <source>District</source>
        <translation>区县（开发区）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="297"/>
        <source>Bonus</source>
        <translation>加分</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="297"/>
        <source>Deduction</source>
        <translation>减分</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="297"/>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="300"/>
        <source>Annual assessment</source>
        <translation>年度考核</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="302"/>
        <source>Qualified operators</source>
        <translation>合格运营商</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="303"/>
        <source>Facilities to adjust</source>
        <translation>待调整设施</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="312"/>
        <source>Operators</source>
        <translation>运营主体</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="315"/>
        <source>No street in this area.</source>
        <translation>本区域没有街道。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="316"/>
        <source>Who has not reported</source>
        <translation>未报送</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="458"/>
        <source>Counting… (this replays the history of the period and takes a while at city scale)</source>
        <translation>正在统计…（按历史记录还原该期间的数据，全市数据需要一些时间）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="471"/>
        <source>No ledger open</source>
        <translation>未打开台账</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="488"/>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/programme_page.py" line="508"/>
        <source>Late projects: %n</source>
        <translation>
            <numerusform>滞后于计划节点的项目：%n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/programme_page.py" line="515"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="522"/>
        <source>{name}: listed in the directory, not yet recorded by the street: counted as not started</source>
        <translation>{name}：名录已列，街道尚未登记，按未开工计</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="532"/>
        <source>No project is late against its plan on {day}.</source>
        <translation>截至 {day}，没有滞后于计划节点的项目。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="535"/>
        <source>The first {n}; the progress report lists all {all}.</source>
        <translation>列出前 {n} 个；建设进度报表列出全部 {all} 个。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="538"/>
        <source>Scroll the list for all {all}; the progress report prints them.</source>
        <translation>共 {all} 个，滚动列表查看全部；建设进度报表全部列出。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="555"/>
        <source>{n} listed</source>
        <translation>名录 {n} 个</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="556"/>
        <source>{year} pilot communities</source>
        <translation>{year}年试点社区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="561"/>
        <source>Street-unit pilots on schedule</source>
        <translation>街道为单元试点按期</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/programme_page.py" line="562"/>
        <source>%n late</source>
        <translation>
            <numerusform>滞后 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="566"/>
        <source>due {day}</source>
        <translation>期限 {day}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/programme_page.py" line="568"/>
        <source>{note}, %n late</source>
        <translation>
            <numerusform>{note}，滞后 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="569"/>
        <source>City projects ready</source>
        <translation>市级项目具备运营条件</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="574"/>
        <source>A pilot community counts once it operates; a city project once it passed joint acceptance. The dark mark is the plan.</source>
        <translation>试点社区投入运营计为完成，市级项目通过联合验收计为具备运营条件；深色竖线为计划数。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/programme_page.py" line="577"/>
        <source>%n day(s) left to the city projects&apos; due date.</source>
        <translation>
            <numerusform>距市级项目完成期限还有 %n 天。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="588"/>
        <source>Whole area</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="590"/>
        <source>Green: the target is met (the rate is shown); amber: how many more communities it takes. Not-yet-resettled communities are not counted.</source>
        <translation>绿色：已达标（显示覆盖率）；橙色：还差几个社区达标。未回迁社区不计。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="594"/>
        <source>No community counted yet in: {areas}.</source>
        <translation>尚无应计社区：{areas}。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="613"/>
        <source>Quarterly ranking: {period}</source>
        <translation>季度排名：{period}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="617"/>
        <location filename="../../../ui/pages/programme_page.py" line="659"/>
        <source>Names in amber: no street of theirs has reported yet.</source>
        <translation>名称为橙色的：所辖街道尚无报送数据。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="619"/>
        <source>Ranked under the zone that manages them: {streets}</source>
        <translation>计入托管开发区排名的街道：{streets}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="630"/>
        <source>Annual assessment: {period}</source>
        <translation>年度考核：{period}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="649"/>
        <source>No street of theirs has reported yet: no base points and no bonus</source>
        <translation>所辖街道均从未报送数据：基础分和加分均不得分</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="670"/>
        <source>not yet published: as the evaluations stand</source>
        <translation>尚未发布：按现有评估计算</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="672"/>
        <source>version {version} of {day}</source>
        <translation>第 {version} 版，{day} 发布</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="675"/>
        <source>{qualified} of {listed}</source>
        <translation>{qualified} / {listed} 家</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="680"/>
        <source>{low} little used; {kinds} ({period})</source>
        <translation>其中使用率低 {low} 处；{kinds}（{period}）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/programme_page.py" line="684"/>
        <source> and %n more</source>
        <translation>
            <numerusform> 等 %n 家</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="687"/>
        <source>The list is the city&apos;s, for all areas; the facilities are this area&apos;s, from {n} evaluations of the year.</source>
        <translation>名单由市级发布，适用于全市；待调整设施为本区域的，依据本年度 {n} 条评估。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="692"/>
        <source>met {n}/9</source>
        <translation>达标 {n}/9</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="696"/>
        <source>{area} · {function}: {rate} of {counted}, target {target}; {verdict}</source>
        <translation>{area} · {function}：覆盖率 {rate}（应计社区 {counted} 个），目标 {target}；{verdict}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="704"/>
        <source>short {n}</source>
        <translation>还差 {n}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="713"/>
        <source>{silent} of {streets} silent</source>
        <translation>{streets} 个街道中 {silent} 个未报送</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="717"/>
        <source>{silent} of {streets} streets have sent nothing for {days} days or more (or never); the most silent first.</source>
        <translation>{streets} 个街道中有 {silent} 个 {days} 天及以上未报送数据（或从未报送）；未报送最久的排在前面。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="721"/>
        <source>A district&apos;s last report is its newest street&apos;s.</source>
        <translation>区县的最后报送时间取其所辖街道中最近的一次。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/programme_page.py" line="723"/>
        <source>The list shows the first {n} of {areas}.</source>
        <translation>共 {areas} 个，列出前 {n} 个。</translation>
    </message>
</context>
</TS>
