<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>i18n</name>
    <message>
        <location filename="../../../ui/i18n.py" line="93"/>
        <source>The interface will be in {language} the next time the program starts.</source>
        <translation>界面语言将在下次启动程序时切换为“{language}”。</translation>
    </message>
</context>
</TS>
