<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CollectDialog</name>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="51"/>
        <source>Set collecting relay</source>
        <translation>设置收集中继</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="55"/>
        <source>The relay the offices below send their data to. The address, user and password come from whoever runs the relay. The password is kept in the system&apos;s keyring (or a file only you can read), never in the ledger.</source>
        <translation>下级单位向这里发送数据的中继。地址、用户名和密码由中继的管理员提供。密码保存在系统钥匙串（或只有您能读的文件）中，不写入台账。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="65"/>
        <source>Optional: only for a relay with its own certificate</source>
        <translation>可不填：仅用于使用自有证书的中继</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="67"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="78"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="79"/>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="80"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="81"/>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="88"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="97"/>
        <source>Choose the relay&apos;s CA certificate</source>
        <translation>选择中继的 CA 证书</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/collect_dialog.py" line="98"/>
        <source>Certificate (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
</context>
</TS>
