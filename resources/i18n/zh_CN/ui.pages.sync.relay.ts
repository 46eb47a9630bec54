<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RelayPanel</name>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="57"/>
        <source>Import connection file…</source>
        <translation>导入连接文件…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="58"/>
        <source>The file the office above made for this office: its relay and its key</source>
        <translation>上级为本单位制作的文件：其中有中继和上级的密钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="59"/>
        <source>Collecting relay</source>
        <translation>收集中继</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="63"/>
        <source>Set collecting relay…</source>
        <translation>设置收集中继…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="64"/>
        <source>The relay the offices below send their bundles to</source>
        <translation>下级单位向这里发送数据包的中继</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="67"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="69"/>
        <source>Run a round with the relays now</source>
        <translation>现在就与中继同步一次</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="72"/>
        <source>Upward relay</source>
        <translation>上级中继</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="73"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="84"/>
        <source>Network relay</source>
        <translation>网络中继</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="110"/>
        <source>the office above</source>
        <translation>上级</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="111"/>
        <source>{url} (user {user}), reporting to {name}</source>
        <translation>{url}（用户 {user}），向{name}上报</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="116"/>
        <source>Not set: import the connection file the office above gave you.</source>
        <translation>未设置：请导入上级给的连接文件。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="123"/>
        <source>{url} (user {user})</source>
        <translation>{url}（用户 {user}）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="127"/>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="134"/>
        <source>No relay set: this office syncs only with a folder (USB stick).</source>
        <translation>未设置中继：本单位只用文件夹（U盘）同步。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="140"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="143"/>
        <source>Not reached yet</source>
        <translation>尚未连接</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="145"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="147"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="149"/>
        <source>Last delivered: {time}</source>
        <translation>最后送达：{time}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="152"/>
        <source>Next sync: {time}</source>
        <translation>下次同步：{time}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="154"/>
        <source>Last error: {error}</source>
        <translation>最近的错误：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="193"/>
        <location filename="../../../ui/pages/sync/relay.py" line="217"/>
        <source>Import connection file</source>
        <translation>导入连接文件</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="194"/>
        <source>Connection file (*{suffix})</source>
        <translation>连接文件 (*{suffix})</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="222"/>
        <source>Connection file imported: reporting to {name} over {url}</source>
        <translation>连接文件已导入：通过 {url} 向{name}上报</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="249"/>
        <source>Set collecting relay</source>
        <translation>设置收集中继</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/relay.py" line="253"/>
        <source>The collecting relay is set.</source>
        <translation>收集中继已设置。</translation>
    </message>
</context>
</TS>
