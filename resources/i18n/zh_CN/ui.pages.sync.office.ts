<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>OfficePanel</name>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="59"/>
        <source>This office&apos;s fingerprint: the office above checks it when it enrols this computer</source>
        <translation>本机指纹：上级登记本机时用它核对</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="61"/>
        <source>Tell it to the office above when it enrols your public key.</source>
        <translation>上级登记本机公钥时，请向其报出此指纹以便核对。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="64"/>
        <source>Export public key…</source>
        <translation>导出公钥…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="65"/>
        <source>Save this office&apos;s public key as a .pub file, for the office above to enrol</source>
        <translation>把本机公钥存为 .pub 文件，交给上级登记</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="71"/>
        <source>Own fingerprint</source>
        <translation>本机指纹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="84"/>
        <source>Delivered</source>
        <translation>送达情况</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="89"/>
        <source>Trust upstream key…</source>
        <translation>信任上级公钥…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="90"/>
        <source>Open the public key file (.pub) of the office above: its receipts are accepted from then on</source>
        <translation>打开上级的公钥文件（.pub）：此后接受上级的回执</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="92"/>
        <source>Office above</source>
        <translation>上级</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="101"/>
        <location filename="../../../ui/pages/sync/office.py" line="177"/>
        <source>This office</source>
        <translation>本机</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/office.py" line="129"/>
        <source>%n change(s) not yet delivered to the office above</source>
        <translation>
            <numerusform>%n 项修改尚未送达上级</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="132"/>
        <source>Every change has been delivered</source>
        <translation>所有修改均已送达</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="135"/>
        <source>Packed up to change {bundled}; the office above confirmed up to change {delivered}.</source>
        <translation>已打包至序号 {bundled}，上级已确认至序号 {delivered}。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="139"/>
        <source>Not sent yet: sync with a folder to send the changes.</source>
        <translation>尚未发送：与文件夹同步即可送出修改。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/office.py" line="141"/>
        <source>%n bundle(s) waiting for a receipt.</source>
        <translation>
            <numerusform>%n 个数据包等待回执。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="148"/>
        <source>Trusted (fingerprint {fingerprint})</source>
        <translation>已信任（指纹 {fingerprint}）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="153"/>
        <source>Not trusted: receipts of the office above are accepted only once its public key is trusted.</source>
        <translation>未信任：信任上级的公钥之后，才接受上级的回执。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="178"/>
        <source>{area} public key {fingerprint}.pub</source>
        <translation>{area}公钥-{fingerprint}.pub</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="181"/>
        <source>Export the public key</source>
        <translation>导出公钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="186"/>
        <source>another program</source>
        <translation>其他程序</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="189"/>
        <location filename="../../../ui/pages/sync/office.py" line="192"/>
        <source>Cannot export the public key</source>
        <translation>无法导出公钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="193"/>
        <source>Cannot write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="196"/>
        <source>Public key saved to {path}</source>
        <translation>公钥已导出到 {path}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="204"/>
        <source>Trust the key of the office above</source>
        <translation>信任上级公钥</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="220"/>
        <source>The key of the office above is trusted (fingerprint {fingerprint}): check the fingerprint with them.</source>
        <translation>已信任上级公钥（指纹 {fingerprint}），请与上级单位核对此指纹。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/office.py" line="223"/>
        <source>It replaces the key trusted before ({old}).</source>
        <translation>它取代了之前信任的密钥（{old}）。</translation>
    </message>
</context>
</TS>
