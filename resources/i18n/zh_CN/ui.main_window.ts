<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../../ui/main_window.py" line="122"/>
        <source>Restore the latest backup</source>
        <translation>恢复最近的备份</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="125"/>
        <source>Replace the damaged ledger by its newest sound backup; the damaged file is kept</source>
        <translation>用最近的完好备份替换已损坏的台账；损坏的文件会保留</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="112"/>
        <source>Changes made in this ledger that have not yet been sent to the level above</source>
        <translation>本台账中尚未报送上级的更改</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="119"/>
        <source>Read-only: the database is damaged</source>
        <translation>只读：数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="159"/>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="170"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="173"/>
        <source>&amp;New record</source>
        <translation>新建记录(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="174"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="176"/>
        <source>New record on the current page (Ctrl+N)</source>
        <translation>在当前页新建记录（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="179"/>
        <source>&amp;Field visit…</source>
        <translation>现场采集(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="180"/>
        <source>Field visit</source>
        <translation>现场采集</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="183"/>
        <source>Full-screen entry of spaces, demands and photos on a community visit</source>
        <translation>全屏登记空间资源、居民需求和现场照片（入户走访时使用）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="186"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="189"/>
        <source>Check an Excel or CSV file and preview it, then import it (Ctrl+I); you can also drop the file onto the window</source>
        <translation>检查并预览 Excel 或 CSV 文件，确认后导入（Ctrl+I）；也可以把文件直接拖到窗口上</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="193"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>Printing comes with the reports in a later version</source>
        <translation type="vanished">打印功能将随报表在后续版本中提供</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="196"/>
        <source>Print the area&apos;s demand lists, community profile or monthly report as PDF (Ctrl+P)</source>
        <translation>将本区域的需求清单、社区概况或月通报打印为 PDF（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="200"/>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="209"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="211"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="215"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="217"/>
        <source>Search on the current page (Ctrl+F)</source>
        <translation>在当前页搜索（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="223"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="225"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="227"/>
        <source>Read the current page again (F5)</source>
        <translation>重新读取当前页（F5）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="231"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="242"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="243"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="248"/>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Nothing to create on this page</source>
        <translation type="vanished">此页不能新建记录</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="342"/>
        <source>This page has no search box</source>
        <translation>此页没有搜索框</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="374"/>
        <source>Opening the ledger…</source>
        <translation>正在打开台账…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="375"/>
        <location filename="../../../ui/main_window.py" line="406"/>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="393"/>
        <source>Cannot open the ledger: {message}</source>
        <translation>无法打开台账：{message}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="394"/>
        <location filename="../../../ui/main_window.py" line="513"/>
        <source>No ledger open</source>
        <translation>未打开台账</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="411"/>
        <source>Ledger opened</source>
        <translation>台账已打开</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="423"/>
        <source>{area} (demo data)</source>
        <translation>{area}（演示数据）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="425"/>
        <source>{area} (read-only)</source>
        <translation>{area}（只读）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="478"/>
        <source>The ledger is damaged</source>
        <translation>台账已损坏</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="503"/>
        <source>Restoring the latest backup…</source>
        <translation>正在恢复最近的备份…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="508"/>
        <source>Restored the backup of {time}; the damaged file was kept as {path}</source>
        <translation>已恢复 {time} 的备份；损坏的文件已保留为 {path}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/main_window.py" line="588"/>
        <source>%n change(s) not reported</source>
        <translation>
            <numerusform>%n 条更改未上报</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="597"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="599"/>
        <source>Relay: not reached yet</source>
        <translation>中继：尚未连接</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="601"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="603"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="605"/>
        <source> · next try {time}</source>
        <translation> · 下次同步 {time}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="607"/>
        <source> · check the clock</source>
        <translation> · 请核对本机时钟</translation>
    </message>
    <message>
        <source>Community Embedded Service Facilities Ledger — {area}</source>
        <translation type="vanished">社区嵌入式服务设施台账 — {area}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="622"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="627"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="633"/>
        <source>&lt;h3&gt;Community Embedded Service Facilities Ledger&lt;/h3&gt;&lt;p&gt;Version {version}&lt;/p&gt;&lt;p&gt;The ledger of community embedded service facilities for streets, districts and the city: spaces, the nine functions, demand lists and construction projects.&lt;/p&gt;&lt;p&gt;Interface and PDF font: WenQuanYi Micro Hei, licensed under Apache-2.0 or GPL-3+.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;社区嵌入式服务设施台账&lt;/h3&gt;&lt;p&gt;版本 {version}&lt;/p&gt;&lt;p&gt;街道、区县、市三级的社区嵌入式服务设施资源台账、九项功能、需求清单与建设项目管理。&lt;/p&gt;&lt;p&gt;界面与 PDF 字体：文泉驿微米黑（WenQuanYi Micro Hei），Apache-2.0 或 GPL-3+ 许可。&lt;/p&gt;</translation>
    </message>
</context>
</TS>
