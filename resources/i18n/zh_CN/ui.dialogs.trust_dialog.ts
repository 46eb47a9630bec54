<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>TrustDialog</name>
    <message>
        <location filename="../../../ui/dialogs/trust_dialog.py" line="28"/>
        <source>Trust the key of the office above</source>
        <translation>信任上级公钥</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/trust_dialog.py" line="32"/>
        <source>Receipts and reference data signed with this key will be accepted as the office above&apos;s. Before you trust it, call the office above: the confirmation code on its Sync page must be the same as the one below, digit for digit.</source>
        <translation>用此密钥签名的回执和参考数据，将作为上级发来的予以接受。信任前，请打电话给上级单位：对方“同步”页上显示的确认码必须与下面的逐位一致。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/trust_dialog.py" line="45"/>
        <source>Trust</source>
        <translation>信任</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/trust_dialog.py" line="55"/>
        <source>It replaces the key trusted now (fingerprint {old}).</source>
        <translation>它将取代当前信任的上级公钥（指纹 {old}）。</translation>
    </message>
</context>
</TS>
