<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DevicesPanel</name>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="55"/>
        <source>Enrol device…</source>
        <translation>登记设备…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="56"/>
        <source>Open a device&apos;s public key file (.pub) and choose the area it may send</source>
        <translation>打开设备的公钥文件（.pub），并选择它可以发送哪个区域的数据</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="57"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="57"/>
        <source>Area</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="57"/>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="58"/>
        <source>Imported up to</source>
        <translation>已导入至序号</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="58"/>
        <source>Confirmation code</source>
        <translation>确认码</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="59"/>
        <source>Bundles</source>
        <translation>数据包</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="59"/>
        <source>Waiting</source>
        <translation>暂存</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="59"/>
        <source>Quarantined</source>
        <translation>隔离</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="60"/>
        <source>Last contact</source>
        <translation>最后联系</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="62"/>
        <source>No device is enrolled yet. Enrol the field laptops (at a district, the streets&apos; computers) with their public key file: only bundles signed by an enrolled device are imported.</source>
        <translation>尚未登记下级设备。请用公钥文件登记走访笔记本（区县则登记各街道的电脑）：只导入已登记设备签名的数据包。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="74"/>
        <source>Devices below</source>
        <translation>下级设备</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/sync/devices.py" line="123"/>
        <source>%n bundle(s) from keys not enrolled are held aside: enrol the device, then sync again.</source>
        <translation>
            <numerusform>%n 个数据包来自未登记的密钥，已隔离：登记该设备后再同步一次。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="130"/>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="143"/>
        <source>As the device above it last reported</source>
        <translation>由上面一行的设备最近一次转报</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="159"/>
        <location filename="../../../ui/pages/sync/devices.py" line="189"/>
        <source>Enrol a device</source>
        <translation>登记设备</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/sync/devices.py" line="195"/>
        <source>Enrolled {name} (confirmation code {code}) for {area}</source>
        <translation>已登记设备“{name}”（确认码 {code}），可发送{area}的数据</translation>
    </message>
</context>
</TS>
