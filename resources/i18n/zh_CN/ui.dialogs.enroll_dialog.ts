<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="51"/>
        <source>{district} (the whole district)</source>
        <translation>{district}（全区）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="77"/>
        <source>Enrol a device</source>
        <translation>登记设备</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="81"/>
        <source>Bundles signed with this key will be imported for the area chosen below. Check the fingerprint with the device&apos;s own Sync page (by phone, say) before you enrol it.</source>
        <translation>用此密钥签名的数据包，将按下面所选的区域导入。登记前，请与该设备“同步”页上显示的本机指纹核对（例如打电话确认）。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="110"/>
        <source>e.g. field laptop 1 (empty: the area&apos;s name)</source>
        <translation>如：走访笔记本1（留空则用区域名称）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="115"/>
        <source>Key file</source>
        <translation>公钥文件</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="116"/>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="117"/>
        <source>May send the data of</source>
        <translation>可发送的区域</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="118"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="121"/>
        <source>Enrol</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="135"/>
        <source>There is no street in the area chosen on the left: choose a district or the whole city there first.</source>
        <translation>左侧所选区域中没有街道：请先在左侧选择一个区县或全市。</translation>
    </message>
</context>
</TS>
