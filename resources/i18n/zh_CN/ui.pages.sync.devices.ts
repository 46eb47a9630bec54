<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DevicesPanel</name>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="85"/>
        <source>Cannot read the review list</source>
        <translation>无法读取核查清单</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="87"/>
        <source>Enrol device…</source>
        <translation>登记设备…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="88"/>
        <source>Open a device&apos;s public key file (.pub) and choose the area it may send</source>
        <translation>打开设备的公钥文件（.pub），并选择它可以发送哪个区域的数据</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="90"/>
        <source>Revoke…</source>
        <translation>吊销…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="91"/>
        <source>Refuse the chosen device&apos;s bundles from a sequence on (a laptop lost or stolen), and list what it sent from there for review</source>
        <translation>从某个序号起拒收所选设备的数据包（如笔记本丢失或被盗），并列出它从该序号起发来的数据供核查</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="94"/>
        <source>Review list…</source>
        <translation>核查清单…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="95"/>
        <source>The bundles of the chosen revoked device imported from its revocation point on, with the records they changed</source>
        <translation>所选已吊销设备从吊销起点起已导入的数据包，及它们改动的记录</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="97"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="97"/>
        <source>Area</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="97"/>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="98"/>
        <source>Imported up to</source>
        <translation>已导入至序号</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="98"/>
        <source>Confirmation code</source>
        <translation>确认码</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="99"/>
        <source>Bundles</source>
        <translation>数据包</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="99"/>
        <source>Waiting</source>
        <translation>暂存</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="99"/>
        <source>Quarantined</source>
        <translation>隔离</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="100"/>
        <source>Last contact</source>
        <translation>最后联系</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="100"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="106"/>
        <source>No device is enrolled yet. Enrol the field laptops (at a district, the streets&apos; computers) with their public key file: only bundles signed by an enrolled device are imported.</source>
        <translation>尚未登记下级设备。请用公钥文件登记走访笔记本（区县则登记各街道的电脑）：只导入已登记设备签名的数据包。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="118"/>
        <source>Devices below</source>
        <translation>下级设备</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/devices.py" line="188"/>
        <source>%n bundle(s) from keys not enrolled are held aside: enrol the device, then sync again.</source>
        <translation>
            <numerusform>%n 个数据包来自未登记的密钥，已隔离：登记该设备后再同步一次。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="196"/>
        <source>Revoked (from sequence {seq} on)</source>
        <translation>已吊销（自序号 {seq} 起）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="199"/>
        <source>Rotated to {fingerprint}</source>
        <translation>已轮换为 {fingerprint}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="202"/>
        <source>Rotated from {fingerprint}</source>
        <translation>由 {fingerprint} 轮换而来</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="204"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="204"/>
        <source>Accepted</source>
        <translation>正常接收</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="209"/>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="222"/>
        <source>As the device above it last reported</source>
        <translation>由上面一行的设备最近一次转报</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="270"/>
        <location filename="../../../ui/pages/sync/devices.py" line="300"/>
        <source>Enrol a device</source>
        <translation>登记设备</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="306"/>
        <source>Enrolled {name} (confirmation code {code}) for {area}</source>
        <translation>已登记设备“{name}”（确认码 {code}），可发送{area}的数据</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="324"/>
        <location filename="../../../ui/pages/sync/devices.py" line="339"/>
        <source>Cannot revoke the device</source>
        <translation>无法吊销设备</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="346"/>
        <source>Revoked {name} from sequence {seq} on</source>
        <translation>已吊销 {name}（自序号 {seq} 起）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="348"/>
        <source>Its key was rotated to {new} after the revocation point: that rotation is void, and the new key is revoked wholly too.</source>
        <translation>该设备在吊销起点之后轮换为新密钥 {new}：这次轮换作废，新密钥已整体吊销。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/devices.py" line="352"/>
        <source>%n bundle(s) waiting for earlier ones were quarantined.</source>
        <translation>
            <numerusform>暂存中等待前序数据包的 %n 个数据包已移入隔离区。</numerusform>
        </translation>
    </message>
</context>
</TS>
