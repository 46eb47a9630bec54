<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../../ui/main_window.py" line="146"/>
        <source>Changes made in this ledger that have not yet been sent to the level above</source>
        <translation>本台账中尚未报送上级的更改</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="148"/>
        <source>Read-only: the database is damaged</source>
        <translation>只读：数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="174"/>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="185"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="188"/>
        <source>&amp;New record</source>
        <translation>新建记录(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="189"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="191"/>
        <source>New record on the current page (Ctrl+N)</source>
        <translation>在当前页新建记录（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="194"/>
        <source>&amp;Field visit…</source>
        <translation>现场采集(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="195"/>
        <source>Field visit</source>
        <translation>现场采集</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="198"/>
        <source>Full-screen entry of spaces, demands and photos on a community visit</source>
        <translation>全屏登记空间资源、居民需求和现场照片（入户走访时使用）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="201"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="204"/>
        <source>Check an Excel or CSV file and preview it, then import it (Ctrl+I); you can also drop the file onto the window</source>
        <translation>检查并预览 Excel 或 CSV 文件，确认后导入（Ctrl+I）；也可以把文件直接拖到窗口上</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="208"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="210"/>
        <source>Printing comes with the reports in a later version</source>
        <translation>打印功能将随报表在后续版本中提供</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="212"/>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="221"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="223"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="227"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="229"/>
        <source>Search on the current page (Ctrl+F)</source>
        <translation>在当前页搜索（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="235"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="237"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="239"/>
        <source>Read the current page again (F5)</source>
        <translation>重新读取当前页（F5）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="243"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="254"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="255"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="260"/>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="318"/>
        <source>Nothing to create on this page</source>
        <translation>此页不能新建记录</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="322"/>
        <source>This page has no search box</source>
        <translation>此页没有搜索框</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="348"/>
        <source>Opening the ledger…</source>
        <translation>正在打开台账…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="349"/>
        <location filename="../../../ui/main_window.py" line="416"/>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="395"/>
        <source>Cannot open the ledger: {message}</source>
        <translation>无法打开台账：{message}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="396"/>
        <location filename="../../../ui/main_window.py" line="567"/>
        <source>No ledger open</source>
        <translation>未打开台账</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="418"/>
        <source>Ledger opened</source>
        <translation>台账已打开</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="430"/>
        <source>{area} (demo data)</source>
        <translation>{area}（演示数据）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="432"/>
        <source>{area} (read-only)</source>
        <translation>{area}（只读）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="516"/>
        <source>The ledger is damaged</source>
        <translation>台账已损坏</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="544"/>
        <source>Restoring the latest backup…</source>
        <translation>正在恢复最近的备份…</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="553"/>
        <source>Restored the backup of {time}; the damaged file was kept as {path}</source>
        <translation>已恢复 {time} 的备份；损坏的文件已保留为 {path}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/main_window.py" line="607"/>
        <source>%n change(s) not reported</source>
        <translation>
            <numerusform>%n 条更改未上报</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="610"/>
        <source>Community Embedded Service Facilities Ledger — {area}</source>
        <translation>社区嵌入式服务设施台账 — {area}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="616"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="621"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="627"/>
        <source>&lt;h3&gt;Community Embedded Service Facilities Ledger&lt;/h3&gt;&lt;p&gt;Version {version}&lt;/p&gt;&lt;p&gt;The ledger of community embedded service facilities for streets, districts and the city: spaces, the nine functions, demand lists and construction projects.&lt;/p&gt;&lt;p&gt;Interface and PDF font: WenQuanYi Micro Hei, licensed under Apache-2.0 or GPL-3+.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;社区嵌入式服务设施台账&lt;/h3&gt;&lt;p&gt;版本 {version}&lt;/p&gt;&lt;p&gt;街道、区县、市三级的社区嵌入式服务设施资源台账、九项功能、需求清单与建设项目管理。&lt;/p&gt;&lt;p&gt;界面与 PDF 字体：文泉驿微米黑（WenQuanYi Micro Hei），Apache-2.0 或 GPL-3+ 许可。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>RecoveryBox</name>
    <message>
        <location filename="../../../ui/main_window.py" line="71"/>
        <source>The ledger is damaged</source>
        <translation>台账已损坏</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="72"/>
        <source>The ledger database is damaged:
{path}</source>
        <translation>台账数据库已损坏：
{path}</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="77"/>
        <source>The latest backup was taken on {time}. Restoring it replaces the ledger with the backup: changes made after that time are lost. The damaged file is kept beside the ledger for technical support.

You can also open the damaged ledger read-only, at your own risk: you can look at it but not save.</source>
        <translation>最近一次备份创建于 {time}。恢复备份会用备份替换台账：此后所做的更改将丢失。损坏的文件会保留在台账旁边，供技术支持排查。

也可以以只读方式打开已损坏的台账（风险自负）：只能查看，不能保存。</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="84"/>
        <source>There is no backup to restore. You can open the damaged ledger read-only, at your own risk, and ask technical support for help.</source>
        <translation>没有可恢复的备份。可以以只读方式打开已损坏的台账（风险自负），并联系技术支持。</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="92"/>
        <source>Restore the latest backup</source>
        <translation>恢复最近的备份</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="94"/>
        <source>Open read-only (at your own risk)</source>
        <translation>以只读方式打开（风险自负）</translation>
    </message>
    <message>
        <location filename="../../../ui/main_window.py" line="96"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
</TS>
