<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FolderPanel</name>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="97"/>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="98"/>
        <source>The USB stick (or shared folder) to sync with</source>
        <translation>用于同步的U盘（或共享文件夹）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="99"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="106"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="111"/>
        <source>Sync with the folder</source>
        <translation>与所选文件夹同步</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="116"/>
        <source>Writes this office&apos;s new changes to the folder, reads the receipts for them, imports the bundles of the enrolled devices below and leaves a receipt for each. The database is backed up before anything is imported.</source>
        <translation>写出本机的新修改，读取上级的回执，导入已登记下级设备的数据包并逐个写回执。导入前自动备份数据库。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="129"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="129"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="129"/>
        <source>Changes</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="130"/>
        <source>Why</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="137"/>
        <source>Sync with a folder (USB stick)</source>
        <translation>用文件夹同步（U盘）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="160"/>
        <source>None chosen yet: plug in the USB stick and choose a folder on it.</source>
        <translation>尚未选择：请插入U盘，选择其中的一个文件夹。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="170"/>
        <source>Choose the folder to sync with</source>
        <translation>选择用于同步的文件夹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="190"/>
        <source>Syncing with {folder}…</source>
        <translation>正在与 {folder} 同步…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="208"/>
        <source>Sync finished</source>
        <translation>同步完成</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="217"/>
        <source>Sync failed: {message}</source>
        <translation>同步失败：{message}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="220"/>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/folder.py" line="234"/>
        <source>Packed changes {first}–{last} of this office (%n record(s)).</source>
        <translation>
            <numerusform>已打包本机序号 {first}–{last} 的修改（%n 条记录）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/folder.py" line="238"/>
        <source>Wrote %n bundle(s) to the folder.</source>
        <translation>
            <numerusform>已写出 %n 个数据包。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="240"/>
        <source>No bundle to write: nothing new, or already in the folder.</source>
        <translation>无需写出数据包：没有新的修改，或已在文件夹中。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="242"/>
        <source>Nothing new to send: wrote a checkpoint, so that the office above knows this office is in touch.</source>
        <translation>没有新的修改：已写出检查点，让上级知道本单位仍在联系。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="264"/>
        <source>Receipt received: delivered up to change {seq}.</source>
        <translation>收到回执：已送达至序号 {seq}。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="269"/>
        <source>The office above was restored from a backup: changes {first}–{last} were packed again and sent again (some bundles were no longer kept).</source>
        <translation>上级已从备份恢复：已从修改记录重新打包序号 {first}–{last} 的修改并重新发送（部分数据包已超过 30 天未保留）。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="274"/>
        <source>The office above was restored from a backup: bundles {first}–{last} were sent again.</source>
        <translation>上级已从备份恢复，已重新发送序号 {first}–{last} 的数据包。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/folder.py" line="278"/>
        <source>Ignored %n receipt(s) signed by a key the office above no longer uses.</source>
        <translation>
            <numerusform>已忽略 %n 份由上级已停用的密钥签发的回执。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/folder.py" line="281"/>
        <source>Deleted %n bundle(s) delivered more than 30 days ago.</source>
        <translation>
            <numerusform>已删除 %n 个送达超过 30 天的数据包。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="246"/>
        <source>Receipt {name} refused: {reason}</source>
        <translation>回执 {name} 未被接受：{reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/folder.py" line="249"/>
        <source>Left %n receipt(s) in the folder for the devices below.</source>
        <translation>
            <numerusform>已为下级设备写出 %n 份回执。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="252"/>
        <source>The database was backed up first: {path}</source>
        <translation>导入前已备份数据库：{path}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/folder.py" line="255"/>
        <source>Received %n bundle(s):</source>
        <translation>
            <numerusform>收到 %n 个数据包：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="257"/>
        <source>No new bundle from the devices below in the folder.</source>
        <translation>文件夹中没有下级设备的新数据包。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="54"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="55"/>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="56"/>
        <source>Held (earlier ones missing)</source>
        <translation>暂存（缺前序）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="57"/>
        <source>Held (clock ahead)</source>
        <translation>暂存（时钟超前）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="58"/>
        <source>Quarantined (fork)</source>
        <translation>已隔离（分叉）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="59"/>
        <source>Refused</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="60"/>
        <source>Failed</source>
        <translation>出错</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/folder.py" line="61"/>
        <source>In touch (nothing new)</source>
        <translation>已联系（无新修改）</translation>
    </message>
</context>
</TS>
