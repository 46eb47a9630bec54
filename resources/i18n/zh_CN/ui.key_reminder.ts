<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>KeyReminderBar</name>
    <message>
        <location filename="../../../ui/key_reminder.py" line="65"/>
        <source>The data key has no recovery file yet</source>
        <translation>数据密钥还没有导出恢复文件</translation>
    </message>
    <message>
        <location filename="../../../ui/key_reminder.py" line="68"/>
        <source>Residents&apos; names and phone numbers in this ledger are locked with a data key that only this computer holds. If this computer breaks or is lost, they can no longer be read, not even from the backups. Export the recovery file once, with a password, and keep it on a USB stick away from this computer.</source>
        <translation>台账里居民的姓名和电话是用数据密钥加密的，这把密钥只存在这台电脑上。电脑一旦损坏或丢失，这些姓名和电话就再也打不开了，备份里的也打不开。请现在导出一次恢复文件（设一个恢复密码），存到 U 盘上，和这台电脑分开保管。</translation>
    </message>
    <message>
        <location filename="../../../ui/key_reminder.py" line="74"/>
        <source>Export the recovery file…</source>
        <translation>导出恢复文件…</translation>
    </message>
    <message>
        <location filename="../../../ui/key_reminder.py" line="76"/>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <location filename="../../../ui/key_reminder.py" line="77"/>
        <source>Remind me again in 7 days</source>
        <translation>7 天后再提醒</translation>
    </message>
</context>
</TS>
