<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="43"/>
        <source>App lock</source>
        <translation>应用锁</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="46"/>
        <source>For a PC that others use too: the program asks this password when it opens the ledger and after the minutes without use below. The data itself stays where it is; a forgotten password can be removed by whoever looks after the PC (facility-ledger lock off).</source>
        <translation>用于多人共用的电脑：打开台账时，以及按下面的时间无人操作后，程序要求输入这个密码。数据本身不受影响；忘记密码时，由管理这台电脑的人取消（facility-ledger lock off）。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="59"/>
        <source>Only when it opens</source>
        <translation>只在打开台账时</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="60"/>
        <source>After {minutes} minutes</source>
        <translation>无操作 {minutes} 分钟后</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="63"/>
        <source>Remove the app lock</source>
        <translation>取消应用锁</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="65"/>
        <source>Current password:</source>
        <translation>当前密码：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="66"/>
        <source>Leave empty to keep the password</source>
        <translation>不改密码请留空</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="67"/>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="68"/>
        <source>Once more:</source>
        <translation>再输一次：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="69"/>
        <source>Lock again:</source>
        <translation>再次锁定：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="75"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="107"/>
        <source>The current password is wrong</source>
        <translation>当前密码不对</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/lock_dialog.py" line="118"/>
        <source>The two new passwords are not the same</source>
        <translation>两次输入的新密码不一样</translation>
    </message>
</context>
</TS>
