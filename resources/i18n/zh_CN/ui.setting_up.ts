<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SettingUp</name>
    <message>
        <location filename="../../../ui/setting_up.py" line="58"/>
        <source>Saving the set-up…</source>
        <translation>正在保存设置…</translation>
    </message>
    <message>
        <location filename="../../../ui/setting_up.py" line="59"/>
        <source>The set-up was not saved</source>
        <translation>设置未能保存</translation>
    </message>
    <message>
        <location filename="../../../ui/setting_up.py" line="69"/>
        <source>Set up: {what}</source>
        <translation>设置完成：{what}</translation>
    </message>
</context>
</TS>
