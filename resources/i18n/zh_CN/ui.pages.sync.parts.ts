<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../../ui/pages/sync/parts.py" line="152"/>
        <source>minisign public key (*.pub)</source>
        <translation>minisign 公钥 (*.pub)</translation>
    </message>
</context>
</TS>
