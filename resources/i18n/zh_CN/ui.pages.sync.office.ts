<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>OfficePanel</name>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="68"/>
        <source>Export public key…</source>
        <translation>导出公钥…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="69"/>
        <source>Save this office&apos;s public key as a .pub file, for the office above to enrol</source>
        <translation>把本机公钥存为 .pub 文件，交给上级登记</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="90"/>
        <source>Delivered</source>
        <translation>送达情况</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="95"/>
        <source>Trust upstream key…</source>
        <translation>信任上级公钥…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="96"/>
        <source>Open the public key file (.pub) of the office above: its receipts are accepted from then on</source>
        <translation>打开上级的公钥文件（.pub）：此后接受上级的回执</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="98"/>
        <source>Office above</source>
        <translation>上级</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="107"/>
        <location filename="../../../ui/pages/sync/office.py" line="194"/>
        <source>This office</source>
        <translation>本机</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/office.py" line="138"/>
        <source>%n change(s) not yet delivered to the office above</source>
        <translation>
            <numerusform>%n 项修改尚未送达上级</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="141"/>
        <source>Every change has been delivered</source>
        <translation>所有修改均已送达</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="144"/>
        <source>Packed up to change {bundled}; the office above confirmed up to change {delivered}.</source>
        <translation>已打包至序号 {bundled}，上级已确认至序号 {delivered}。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="149"/>
        <source>Not sent yet: sync over the relay or with a folder to send the changes.</source>
        <translation>尚未发送：经网络中继或文件夹同步即可送出修改。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/office.py" line="151"/>
        <source>%n bundle(s) waiting for a receipt.</source>
        <translation>
            <numerusform>%n 个数据包等待回执。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="213"/>
        <source>Public key saved to {path}. When you hand it over, read the office above the confirmation code {code} by phone.</source>
        <translation>公钥已导出到 {path}。交给上级时，请通过电话向对方报出确认码 {code}。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="254"/>
        <source>The key of the office above is trusted (confirmation code {code}).</source>
        <translation>已信任上级公钥（确认码 {code}）。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="164"/>
        <source>Not trusted: receipts of the office above are accepted only once its public key is trusted.</source>
        <translation>未信任：信任上级的公钥之后，才接受上级的回执。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="195"/>
        <source>{area} public key {fingerprint}.pub</source>
        <translation>{area}公钥-{fingerprint}.pub</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="198"/>
        <source>Export the public key</source>
        <translation>导出公钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="203"/>
        <source>another program</source>
        <translation>其他程序</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="187"/>
        <source>Cannot export the public key</source>
        <translation>无法导出公钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="59"/>
        <source>This office&apos;s confirmation code: the office above compares it by phone when it enrols this computer&apos;s public key</source>
        <translation>本机确认码：上级登记本机公钥时，通过电话与它核对</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="61"/>
        <source>Read it out to the office above when it enrols your public key.</source>
        <translation>上级登记本机公钥时，请通过电话向对方报出此确认码以便核对。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="66"/>
        <source>This office&apos;s fingerprint: it names the key in file names and lists</source>
        <translation>本机指纹：在文件名和列表中标识本机的密钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="75"/>
        <source>Confirmation code</source>
        <translation>本机确认码</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="78"/>
        <source>Fingerprint</source>
        <translation>本机指纹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="159"/>
        <source>Trusted (confirmation code {code}, fingerprint {fingerprint})</source>
        <translation>已信任（确认码 {code}，指纹 {fingerprint}）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="209"/>
        <source>Cannot write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="222"/>
        <location filename="../../../ui/pages/sync/office.py" line="244"/>
        <source>Trust the key of the office above</source>
        <translation>信任上级公钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="257"/>
        <source>It replaces the key trusted before ({old}).</source>
        <translation>它取代了之前信任的密钥（{old}）。</translation>
    </message>
</context>
</TS>
