<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="115"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="116"/>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="117"/>
        <source>Held (earlier ones missing)</source>
        <translation>暂存（缺前序）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="118"/>
        <source>Held (clock ahead)</source>
        <translation>暂存（时钟超前）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="121"/>
        <source>Failed</source>
        <translation>出错</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="119"/>
        <source>Quarantined (fork)</source>
        <translation>已隔离（分叉）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="120"/>
        <source>Refused</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="194"/>
        <location filename="../../../ui/pages/sync_page.py" line="219"/>
        <location filename="../../../ui/pages/sync_page.py" line="365"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="220"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="227"/>
        <source>Changes travel as signed data bundles on a USB stick or a shared folder: field laptops to the street, streets to the district, districts to the city. Receipts come back the same way and mark the changes as delivered.</source>
        <translation>修改以签名的数据包经U盘或共享文件夹逐级传递：走访笔记本到街道，街道到区县，区县到市。回执按原路返回，收到回执的修改即为已送达。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="252"/>
        <location filename="../../../ui/pages/sync_page.py" line="523"/>
        <location filename="../../../ui/pages/sync_page.py" line="763"/>
        <source>This office</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="255"/>
        <source>Sync with a folder (USB stick)</source>
        <translation>用文件夹同步（U盘）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="258"/>
        <source>Devices below</source>
        <translation>下级设备</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="262"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="308"/>
        <source>This office&apos;s fingerprint: the office above checks it when it enrols this computer</source>
        <translation>本机指纹：上级登记本机时用它核对</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="310"/>
        <source>Tell it to the office above when it enrols your public key.</source>
        <translation>上级登记本机公钥时，请向其报出此指纹以便核对。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="313"/>
        <source>Export public key…</source>
        <translation>导出公钥…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="314"/>
        <source>Save this office&apos;s public key as a .pub file, for the office above to enrol</source>
        <translation>把本机公钥存为 .pub 文件，交给上级登记</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="401"/>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="333"/>
        <source>Delivered</source>
        <translation>送达情况</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="320"/>
        <source>Own fingerprint</source>
        <translation>本机指纹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="338"/>
        <source>Trust upstream key…</source>
        <translation>信任上级公钥…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="339"/>
        <source>Open the public key file (.pub) of the office above: its receipts are accepted from then on</source>
        <translation>打开上级的公钥文件（.pub）：此后接受上级的回执</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="341"/>
        <source>Office above</source>
        <translation>上级</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="359"/>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="360"/>
        <source>The USB stick (or shared folder) to sync with</source>
        <translation>用于同步的U盘（或共享文件夹）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="361"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="370"/>
        <source>Sync with the folder</source>
        <translation>与所选文件夹同步</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="375"/>
        <source>Writes this office&apos;s new changes to the folder, reads the receipts for them, imports the bundles of the enrolled devices below and leaves a receipt for each. The database is backed up before anything is imported.</source>
        <translation>写出本机的新修改，读取上级的回执，导入已登记下级设备的数据包并逐个写回执。导入前自动备份数据库。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="388"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="388"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="388"/>
        <source>Changes</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="389"/>
        <source>Why</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="399"/>
        <source>Enrol device…</source>
        <translation>登记设备…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="400"/>
        <source>Open a device&apos;s public key file (.pub) and choose the area it may send</source>
        <translation>打开设备的公钥文件（.pub），并选择它可以发送哪个区域的数据</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="401"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="401"/>
        <source>Area</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="402"/>
        <source>Imported up to</source>
        <translation>已导入至序号</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="402"/>
        <source>Bundles</source>
        <translation>数据包</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="403"/>
        <source>Waiting</source>
        <translation>暂存</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="403"/>
        <source>Quarantined</source>
        <translation>隔离</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="405"/>
        <source>No device is enrolled yet. Enrol the field laptops (at a district, the streets&apos; computers) with their public key file: only bundles signed by an enrolled device are imported.</source>
        <translation>尚未登记下级设备。请用公钥文件登记走访笔记本（区县则登记各街道的电脑）：只导入已登记设备签名的数据包。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="422"/>
        <source>Restore this value</source>
        <translation>恢复此值</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="423"/>
        <source>Put the overwritten value back (as a new change of this office)</source>
        <translation>把被覆盖的值恢复回去（作为本机的一次新修改）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="425"/>
        <source>Mark as reviewed</source>
        <translation>标记为已查看</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="426"/>
        <source>Keep the value as it is and take the conflict off the list</source>
        <translation>保留现在的值，把这条冲突移出列表</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="444"/>
        <source>No conflicts to review. When two offices change the same field, the later change is kept and the other value is listed here, so that you can put it back.</source>
        <translation>没有待查看的冲突。两处修改了同一字段时，保留较晚的修改，被覆盖的值会列在这里，可以恢复。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync_page.py" line="532"/>
        <source>%n change(s) not yet delivered to the office above</source>
        <translation>
            <numerusform>%n 项修改尚未送达上级</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="535"/>
        <source>Every change has been delivered</source>
        <translation>所有修改均已送达</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="538"/>
        <source>Packed up to change {bundled}; the office above confirmed up to change {delivered}.</source>
        <translation>已打包至序号 {bundled}，上级已确认至序号 {delivered}。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="542"/>
        <source>Not sent yet: sync with a folder to send the changes.</source>
        <translation>尚未发送：与文件夹同步即可送出修改。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync_page.py" line="544"/>
        <source>%n bundle(s) waiting for a receipt.</source>
        <translation>
            <numerusform>%n 个数据包等待回执。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="551"/>
        <source>Trusted (fingerprint {fingerprint})</source>
        <translation>已信任（指纹 {fingerprint}）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="556"/>
        <source>Not trusted: receipts of the office above are accepted only once its public key is trusted.</source>
        <translation>未信任：信任上级的公钥之后，才接受上级的回执。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync_page.py" line="588"/>
        <source>%n bundle(s) from keys not enrolled are held aside: enrol the device, then sync again.</source>
        <translation>
            <numerusform>%n 个数据包来自未登记的密钥，已隔离：登记该设备后再同步一次。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync_page.py" line="598"/>
        <source>%n to review</source>
        <translation>
            <numerusform>%n 条待查看</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="624"/>
        <source>None chosen yet: plug in the USB stick and choose a folder on it.</source>
        <translation>尚未选择：请插入U盘，选择其中的一个文件夹。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="637"/>
        <source>Choose the folder to sync with</source>
        <translation>选择用于同步的文件夹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="656"/>
        <source>Syncing with {folder}…</source>
        <translation>正在与 {folder} 同步…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="669"/>
        <source>Sync finished</source>
        <translation>同步完成</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="680"/>
        <source>Sync failed: {message}</source>
        <translation>同步失败：{message}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="683"/>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync_page.py" line="699"/>
        <source>Packed changes {first}–{last} of this office (%n record(s)).</source>
        <translation>
            <numerusform>已打包本机序号 {first}–{last} 的修改（%n 条记录）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync_page.py" line="703"/>
        <source>Wrote %n bundle(s) to the folder.</source>
        <translation>
            <numerusform>已写出 %n 个数据包。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="705"/>
        <source>No bundle to write: nothing new, or already in the folder.</source>
        <translation>无需写出数据包：没有新的修改，或已在文件夹中。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="707"/>
        <source>Receipt received: delivered up to change {seq}.</source>
        <translation>收到回执：已送达至序号 {seq}。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="710"/>
        <source>Receipt {name} refused: {reason}</source>
        <translation>回执 {name} 未被接受：{reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync_page.py" line="719"/>
        <source>Received %n bundle(s):</source>
        <translation>
            <numerusform>收到 %n 个数据包：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="721"/>
        <source>No new bundle from the devices below in the folder.</source>
        <translation>文件夹中没有下级设备的新数据包。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync_page.py" line="713"/>
        <source>Left %n receipt(s) in the folder for the devices below.</source>
        <translation>
            <numerusform>已为下级设备写出 %n 份回执。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="716"/>
        <source>The database was backed up first: {path}</source>
        <translation>导入前已备份数据库：{path}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="750"/>
        <source>minisign public key (*.pub)</source>
        <translation>minisign 公钥 (*.pub)</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="764"/>
        <source>{area} public key {fingerprint}.pub</source>
        <translation>{area}公钥-{fingerprint}.pub</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="767"/>
        <source>Export the public key</source>
        <translation>导出公钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="772"/>
        <source>another program</source>
        <translation>其他程序</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="775"/>
        <location filename="../../../ui/pages/sync_page.py" line="778"/>
        <source>Cannot export the public key</source>
        <translation>无法导出公钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="779"/>
        <source>Cannot write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="782"/>
        <source>Public key saved to {path}</source>
        <translation>公钥已导出到 {path}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="794"/>
        <source>Cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="802"/>
        <source>Trust the key of the office above</source>
        <translation>信任上级公钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="812"/>
        <source>The key of the office above is trusted (fingerprint {fingerprint}): check the fingerprint with them.</source>
        <translation>已信任上级公钥（指纹 {fingerprint}），请与上级单位核对此指纹。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="815"/>
        <source>It replaces the key trusted before ({old}).</source>
        <translation>它取代了之前信任的密钥（{old}）。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="826"/>
        <location filename="../../../ui/pages/sync_page.py" line="858"/>
        <source>Enrol a device</source>
        <translation>登记设备</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="860"/>
        <source>Enrolled {name} ({fingerprint}) for {area}</source>
        <translation>已登记设备“{name}”（{fingerprint}），可发送{area}的数据</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="891"/>
        <source>Cannot restore the value</source>
        <translation>无法恢复此值</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="893"/>
        <source>Restored {field} of {record}: {value}</source>
        <translation>已恢复“{record}”的{field}：{value}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync_page.py" line="907"/>
        <source>Cannot mark the conflict</source>
        <translation>无法标记此冲突</translation>
    </message>
</context>
</TS>
