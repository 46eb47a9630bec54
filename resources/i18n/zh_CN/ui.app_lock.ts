<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Curtain</name>
    <message>
        <location filename="../../../ui/app_lock.py" line="76"/>
        <source>Locked: enter the password to go on</source>
        <translation>已锁定：输入密码后继续</translation>
    </message>
</context>
<context>
    <name>LockControl</name>
    <message>
        <location filename="../../../ui/app_lock.py" line="253"/>
        <source>App &amp;lock…</source>
        <translation>应用锁(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="255"/>
        <source>A password asked when the ledger opens and after some minutes without use, for a PC that others use too</source>
        <translation>多人共用的电脑：打开台账时和一段时间无操作后要求输入密码</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="259"/>
        <source>Lock &amp;now</source>
        <translation>立即锁定(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="261"/>
        <source>Hide the ledger until the password is entered (Ctrl+L)</source>
        <translation>遮住台账，输入密码后才能继续（Ctrl+L）</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="272"/>
        <location filename="../../../ui/app_lock.py" line="306"/>
        <source>App lock</source>
        <translation>应用锁</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="273"/>
        <source>{problem}: the window is not locked. Set the password again in File → App lock.</source>
        <translation>{problem}，窗口未锁定。请在“文件 → 应用锁”中重新设置密码。</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="313"/>
        <source>App lock removed</source>
        <translation>已取消应用锁</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="313"/>
        <source>App lock saved</source>
        <translation>应用锁已保存</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../../ui/app_lock.py" line="87"/>
        <location filename="../../../ui/app_lock.py" line="99"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="90"/>
        <source>This ledger is locked. Enter the password to go on.</source>
        <translation>台账已锁定，请输入密码后继续。</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="94"/>
        <location filename="../../../ui/app_lock.py" line="95"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="104"/>
        <source>Exit the program</source>
        <translation>退出程序</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="136"/>
        <source>Wrong password, try again</source>
        <translation>密码不对，请重试</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="145"/>
        <source>Try again</source>
        <translation>请重试</translation>
    </message>
    <message>
        <location filename="../../../ui/app_lock.py" line="151"/>
        <source>Wrong password {count} times: wait {seconds} s</source>
        <translation>密码已输错 {count} 次，请等待 {seconds} 秒</translation>
    </message>
</context>
</TS>
