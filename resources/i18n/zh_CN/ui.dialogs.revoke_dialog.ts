<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RevokeDialog</name>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="63"/>
        <source>Revoke a device</source>
        <translation>吊销设备</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="73"/>
        <source>Revoke a device whose key may be in other hands: a laptop lost or stolen, a key file copied. From the sequence chosen below on, its bundles are refused; any that arrives is set aside (quarantined) for a person to check. Bundles from there on that were already imported stay in the ledger: they are listed with the records they changed, for you to check.</source>
        <translation>设备丢失、被盗或密钥文件外泄时，请吊销该设备：从下面所选的序号起，它的数据包一律拒收，收到的会隔离，待人工核查。从该序号起已经导入的数据包仍留在台账中，会连同它们改动的记录一并列出，供您逐条核查。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="79"/>
        <source>A revocation cannot be undone; it can only be moved to an earlier sequence. To use the device again, give it a new key and enrol that.</source>
        <translation>吊销不能撤销，以后只能把起始序号提前。设备找回后如要继续使用，须为它生成新密钥并重新登记。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="89"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="90"/>
        <source>Area</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="92"/>
        <source>Confirmation code</source>
        <translation>确认码</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="94"/>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="95"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="96"/>
        <source>up to sequence {seq}, %n bundle(s)</source>
        <translation>
            <numerusform>至序号 {seq}，共 %n 个数据包</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="99"/>
        <source>Now</source>
        <translation>当前状态</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="100"/>
        <source>Revoked from sequence {seq} on</source>
        <translation>已从序号 {seq} 起吊销</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="102"/>
        <source>Revoke from</source>
        <translation>从哪个序号起吊销</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="107"/>
        <source>Refuse only the bundles still to come (from sequence {seq} on)</source>
        <translation>只拒收今后的数据包（自序号 {seq} 起）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="110"/>
        <source>From a bundle already received (it and those after it are listed for review):</source>
        <translation>从已收到的某个数据包起（它及之后已导入的数据包都列出供核查）：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="121"/>
        <source>Refuse only the bundles still to come (refused already, from sequence {seq} on)</source>
        <translation>只拒收今后的数据包（已从序号 {seq} 起拒收）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="132"/>
        <source>I confirm that this device is to be revoked</source>
        <translation>我确认吊销这台设备</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="134"/>
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="177"/>
        <source>Sequence</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="177"/>
        <source>Imported at</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="181"/>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="231"/>
        <source>Choose where the revocation starts.</source>
        <translation>请选择从哪个序号起吊销。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="238"/>
        <source>Bundles from sequence {seq} on (and one that spans it) will be refused.</source>
        <translation>序号 {seq} 起的数据包（含跨过该序号的）将被拒收。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="243"/>
        <source>%n bundle(s) already imported (sequence {first}–{last}) will be listed for review.</source>
        <translation>
            <numerusform>已导入的 %n 个数据包（序号 {first}–{last}）将列出供核查。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="247"/>
        <source>No bundle already imported needs review.</source>
        <translation>没有已导入的数据包需要核查。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="251"/>
        <source>%n bundle(s) waiting for earlier ones will be quarantined.</source>
        <translation>
            <numerusform>暂存中等待前序数据包的 %n 个数据包将移入隔离区。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revoke_dialog.py" line="257"/>
        <source>Its key was rotated to {new} after sequence {after}: from {seq} that rotation is void, and the new key is revoked wholly too.</source>
        <translation>该设备已在序号 {after} 之后轮换为新密钥 {new}：从序号 {seq} 起吊销会使这次轮换作废，新密钥也将整体吊销。</translation>
    </message>
</context>
</TS>
