<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DataKeyDialog</name>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="60"/>
        <source>Data key recovery file</source>
        <translation>数据密钥恢复文件</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="63"/>
        <source>Reporters&apos; names and phone numbers are encrypted with this ledger&apos;s data key. Export it once to a recovery file, protected by a recovery password, and keep the file and the password apart (not on this laptop). On a new laptop, or if the key is lost, import the file to read them and the old backups again.</source>
        <translation>联系人和联系电话用本台账的数据密钥加密保存。请导出一次恢复文件（用恢复密码保护），把文件和密码分开保管（不要放在这台电脑上）。换了新电脑或密钥丢失时，导入这个文件，就能重新读取联系人、电话和以前的备份。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="72"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="74"/>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="123"/>
        <source>Export the recovery file</source>
        <translation>导出恢复文件</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="76"/>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="87"/>
        <source>Recovery password:</source>
        <translation>恢复密码：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="77"/>
        <source>Once more:</source>
        <translation>再输一次：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="79"/>
        <source>This computer does not hold the ledger&apos;s data key: import the recovery file first</source>
        <translation>这台电脑上没有本台账的数据密钥：请先导入恢复文件</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="83"/>
        <source>Choose the file and import…</source>
        <translation>选择文件并导入…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="85"/>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="159"/>
        <source>Import a recovery file</source>
        <translation>导入恢复文件</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="125"/>
        <source>Recovery files (*{suffix})</source>
        <translation>恢复文件 (*{suffix})</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="134"/>
        <source>The recovery password needs at least {n} characters</source>
        <translation>恢复密码至少要 {n} 个字符</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="138"/>
        <source>The two passwords are not the same</source>
        <translation>两次输入的恢复密码不一样</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="152"/>
        <source>Exported the data key {key} to {path}. Keep it and its password apart.</source>
        <translation>已导出数据密钥 {key} 到 {path}。请把它和恢复密码分开保管。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="160"/>
        <source>Recovery files (*{suffix});;All files (*)</source>
        <translation>恢复文件 (*{suffix});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="169"/>
        <source>Enter the recovery password first</source>
        <translation>请先输入恢复密码</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="188"/>
        <source>Imported this ledger&apos;s data key: names and phone numbers can be read again.</source>
        <translation>已导入本台账的数据密钥：联系人和电话已可读取。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="192"/>
        <source>Imported the data key {key}. It is not this ledger&apos;s own: it reads the backups made with it, once restored.</source>
        <translation>已导入数据密钥 {key}。它不是本台账的数据密钥，可用于读取用它加密的备份（恢复该备份后即可读取）。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/data_key_dialog.py" line="202"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
</TS>
