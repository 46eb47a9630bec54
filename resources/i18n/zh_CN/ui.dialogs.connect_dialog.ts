<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="53"/>
        <source>Import connection file</source>
        <translation>导入连接文件</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="63"/>
        <source>The office above made this file for this office: the relay to send its data to, and the office above&apos;s key. Before you import it, call the office above: the confirmation code on its Sync page must be the same as the one below.</source>
        <translation>这是上级为本单位制作的文件：其中有本单位发送数据的中继，以及上级的密钥。导入前请打电话给上级：上级“同步”页上的确认码必须与下面的完全一致。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="69"/>
        <source>Office above</source>
        <translation>上级</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="70"/>
        <source>Its area</source>
        <translation>上级辖区</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="71"/>
        <source>For</source>
        <translation>给</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="72"/>
        <source>Relay</source>
        <translation>中继</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="72"/>
        <source>{url} (user {user})</source>
        <translation>{url}（用户 {user}）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="76"/>
        <source>Checked the confirmation code with the office above</source>
        <translation>已与上级核对确认码</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="79"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="87"/>
        <source>no area set yet</source>
        <translation>尚未设置辖区</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="89"/>
        <source>This file is for {office}, but this ledger is {here}: it cannot be imported here. Ask the office above for the file made for this office.</source>
        <translation>这个文件是给{office}的，本台账是{here}：不能在这里导入。请向上级索取给本单位的连接文件。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="97"/>
        <source>This ledger trusts another office above now (fingerprint {old}). Importing this file replaces it: receipts and reference data of the old one will no longer be accepted.</source>
        <translation>本台账现在信任另一个上级（指纹 {old}）。导入这个文件会替换它：原上级的回执和参考数据将不再接受。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/connect_dialog.py" line="100"/>
        <source>Yes, report to {name} from now on</source>
        <translation>确认从现在起向{name}上报</translation>
    </message>
</context>
</TS>
