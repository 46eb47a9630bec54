<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="52"/>
        <source>{district} (the whole district)</source>
        <translation>{district}（全区）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="80"/>
        <source>Enrol a device</source>
        <translation>登记设备</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="102"/>
        <source>e.g. field laptop 1 (empty: the area&apos;s name)</source>
        <translation>如：走访笔记本1（留空则用区域名称）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="85"/>
        <source>Bundles signed with this key will be imported for the area chosen below. Before you enrol it, call the device&apos;s office: the confirmation code on its Sync page must be the same as the one below, digit for digit.</source>
        <translation>用此密钥签名的数据包，将按下面所选的区域导入。登记前，请打电话给该设备所在单位：对方“同步”页上显示的确认码必须与下面的逐位一致。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="111"/>
        <source>May send the data of</source>
        <translation>可发送的区域</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="112"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="114"/>
        <source>Enrol</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/enroll_dialog.py" line="124"/>
        <source>There is no street in the area chosen on the left: choose a district or the whole city there first.</source>
        <translation>左侧所选区域中没有街道：请先在左侧选择一个区县或全市。</translation>
    </message>
</context>
</TS>
