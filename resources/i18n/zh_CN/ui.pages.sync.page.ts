<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../../ui/pages/sync/page.py" line="45"/>
        <location filename="../../../ui/pages/sync/page.py" line="77"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/page.py" line="78"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/page.py" line="85"/>
        <source>Changes travel as signed data bundles over a network relay, a USB stick or a shared folder: field laptops to the street, streets to the district, districts to the city. Receipts come back the same way and mark the changes as delivered.</source>
        <translation>修改以签名的数据包经网络中继、U盘或共享文件夹逐级传递：走访笔记本到街道，街道到区县，区县到市。回执按原路返回，收到回执的修改即为已送达。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/page.py" line="179"/>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/page.py" line="181"/>
        <source>{path} is not there (was the USB stick taken out?).</source>
        <translation>找不到 {path}（U 盘是否已拔出？）。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/page.py" line="186"/>
        <source>{name} is neither a data bundle (*{bundle}) nor a connection file (*{connect}).</source>
        <translation>{name} 既不是数据包（*{bundle}），也不是连接文件（*{connect}），本软件无法打开。</translation>
    </message>
</context>
</TS>
