<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MatrixPage</name>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="61"/>
        <source>Nine functions</source>
        <translation>九项功能</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="80"/>
        <source>Find a community (Ctrl+F)</source>
        <translation>查找社区（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="86"/>
        <source>Coverage = communities where the function is {ready} or {operating}, divided by the communities counted (not-yet-resettled ones excluded). Double-click a cell or press Enter to change its status.</source>
        <translation>覆盖率 = 该功能“{ready}”或“{operating}”的社区数 ÷ 应计社区数（未回迁社区不计入）。双击单元格或按回车键可修改状态。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="121"/>
        <source>New community…</source>
        <translation>新建社区…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="122"/>
        <source>Add a community to the ledger</source>
        <translation>在台账中新增一个社区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="208"/>
        <source>Reading the nine functions…</source>
        <translation>正在读取九项功能…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="215"/>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="216"/>
        <source>Nine functions · {area}</source>
        <translation>九项功能 · {area}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="222"/>
        <source>{n} communities</source>
        <translation>共 {n} 个社区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="224"/>
        <source>, of which {n} not yet resettled (not counted)</source>
        <translation>，其中未回迁 {n} 个（不计入覆盖率）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/matrix_page.py" line="240"/>
        <source>communities</source>
        <translation>社区</translation>
    </message>
</context>
</TS>
