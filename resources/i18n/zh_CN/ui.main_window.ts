<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../../ui/main_window.py" line="146"/>
        <source>Restore the latest backup</source>
        <translation>恢复最近的备份</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="149"/>
        <source>Replace the damaged ledger by its newest sound backup; the damaged file is kept</source>
        <translation>用最近的完好备份替换已损坏的台账；损坏的文件会保留</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="136"/>
        <source>Changes made in this ledger that have not yet been sent to the level above</source>
        <translation>本台账中尚未报送上级的更改</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="143"/>
        <source>Read-only: the database is damaged</source>
        <translation>只读：数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="190"/>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="201"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="204"/>
        <source>&amp;New record</source>
        <translation>新建记录(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="205"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="207"/>
        <source>New record on the current page (Ctrl+N)</source>
        <translation>在当前页新建记录（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="210"/>
        <source>&amp;Field visit…</source>
        <translation>现场采集(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="211"/>
        <source>Field visit</source>
        <translation>现场采集</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="214"/>
        <source>Full-screen entry of spaces, demands and photos on a community visit</source>
        <translation>全屏登记空间资源、居民需求和现场照片（入户走访时使用）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="217"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="220"/>
        <source>Check an Excel or CSV file and preview it, then import it (Ctrl+I); you can also drop the file onto the window</source>
        <translation>检查并预览 Excel 或 CSV 文件，确认后导入（Ctrl+I）；也可以把文件直接拖到窗口上</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="224"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="227"/>
        <source>Print the area&apos;s demand lists, community profile or monthly report as PDF (Ctrl+P)</source>
        <translation>将本区域的需求清单、社区概况或月通报打印为 PDF（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="231"/>
        <source>Office &amp;set-up…</source>
        <translation>本机设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="233"/>
        <source>Who uses this ledger, its area, the names on printouts, the official communities</source>
        <translation>使用单位的角色和辖区、打印的制表单位和制表人、辖区的官方社区</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="236"/>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="249"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="251"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="255"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="257"/>
        <source>Search on the current page (Ctrl+F)</source>
        <translation>在当前页搜索（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="263"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="265"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="267"/>
        <source>Read the current page again (F5)</source>
        <translation>重新读取当前页（F5）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="271"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="282"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="286"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="291"/>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="411"/>
        <source>This page has no search box</source>
        <translation>此页没有搜索框</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="443"/>
        <source>Opening the ledger…</source>
        <translation>正在打开台账…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="444"/>
        <location filename="../../../ui/main_window.py" line="475"/>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="462"/>
        <source>Cannot open the ledger: {message}</source>
        <translation>无法打开台账：{message}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="463"/>
        <location filename="../../../ui/main_window.py" line="606"/>
        <source>No ledger open</source>
        <translation>未打开台账</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="480"/>
        <source>Ledger opened</source>
        <translation>台账已打开</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="508"/>
        <source>{area} (demo data)</source>
        <translation>{area}（演示数据）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="510"/>
        <source>{area} (read-only)</source>
        <translation>{area}（只读）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="571"/>
        <source>The ledger is damaged</source>
        <translation>台账已损坏</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="596"/>
        <source>Restoring the latest backup…</source>
        <translation>正在恢复最近的备份…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="601"/>
        <source>Restored the backup of {time}; the damaged file was kept as {path}</source>
        <translation>已恢复 {time} 的备份；损坏的文件已保留为 {path}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="612"/>
        <source>Undo this import</source>
        <translation>撤销这次导入</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="633"/>
        <source>Take back the import of &quot;{file}&quot;: the records it added are deleted, those it updated get their old values back (Ctrl+Z)</source>
        <translation>撤销“{file}”的导入：删除导入新增的记录，导入更新的记录改回原来的值（Ctrl+Z）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="649"/>
        <source>&amp;Backups and restore…</source>
        <translation>备份与恢复(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="651"/>
        <source>The ledger&apos;s backups: when and why each was made; restore one</source>
        <translation>台账的备份：每个备份的时间和原因；可恢复其中一个</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="655"/>
        <source>&amp;Data key recovery file…</source>
        <translation>数据密钥恢复文件(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="657"/>
        <source>Export the key of reporters&apos; names and phones for a new laptop, or import it</source>
        <translation>导出联系人和电话的数据密钥（换电脑时用），或导入它</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="696"/>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="702"/>
        <source>Restored the backup of {time}; the ledger as it was is kept as {path}. New device key: {device}</source>
        <translation>已恢复 {time} 的备份；恢复前的台账已备份为 {path}。新的设备密钥：{device}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="712"/>
        <source>Cannot restore the backup</source>
        <translation>无法恢复备份</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/main_window.py" line="786"/>
        <source>%n change(s) not reported</source>
        <translation>
            <numerusform>%n 条更改未上报</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="795"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="797"/>
        <source>Relay: not reached yet</source>
        <translation>中继：尚未连接</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="799"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="801"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="803"/>
        <source> · next try {time}</source>
        <translation> · 下次同步 {time}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="805"/>
        <source> · check the clock</source>
        <translation> · 请核对本机时钟</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="832"/>
        <source>run from the source code</source>
        <translation>从源代码运行</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="834"/>
        <source>built {date}, {commit}</source>
        <translation>构建于 {date}，{commit}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="837"/>
        <source>built {date}</source>
        <translation>构建于 {date}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="841"/>
        <source>&lt;h3&gt;Community Embedded Service Facilities Ledger&lt;/h3&gt;&lt;p&gt;Version {version} ({made})&lt;/p&gt;&lt;p&gt;The ledger of community embedded service facilities for streets, districts and the city: spaces, the nine functions, demand lists and construction projects.&lt;/p&gt;&lt;p&gt;Data folder (ledgers, backups, keys): {folder}&lt;/p&gt;&lt;p&gt;Interface and PDF font: WenQuanYi Micro Hei, licensed under Apache-2.0 or GPL-3+.&lt;br&gt;Division codes of Xi&apos;an: statistical division codes 2023 of the National Bureau of Statistics, as transcribed by the Administrative-divisions-of-China data set (WTFPL).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;社区嵌入式服务设施台账&lt;/h3&gt;&lt;p&gt;版本 {version}（{made}）&lt;/p&gt;&lt;p&gt;街道、区县、市三级的社区嵌入式服务设施资源台账、九项功能、需求清单与建设项目管理。&lt;/p&gt;&lt;p&gt;数据文件夹（台账、备份、密钥）：{folder}&lt;/p&gt;&lt;p&gt;界面与 PDF 字体：文泉驿微米黑（WenQuanYi Micro Hei），Apache-2.0 或 GPL-3+ 许可。&lt;br&gt;西安市区划代码：国家统计局 2023 年统计用区划代码，经 Administrative-divisions-of-China 数据集（WTFPL 许可）整理。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="855"/>
        <source>Open data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="820"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="826"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
</context>
</TS>
