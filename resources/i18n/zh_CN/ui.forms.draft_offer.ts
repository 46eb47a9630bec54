<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DraftOffer</name>
    <message>
        <location filename="../../../ui/forms/draft_offer.py" line="49"/>
        <source>Unsaved forms</source>
        <translation>未保存的填写内容</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/forms/draft_offer.py" line="50"/>
        <source>Found %n unsaved form(s) from last time. Restore them?</source>
        <translation>
            <numerusform>发现上次未保存的填写内容（%n 项），是否恢复？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/forms/draft_offer.py" line="55"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/draft_offer.py" line="57"/>
        <source>Ask next time</source>
        <translation>下次再说</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/draft_offer.py" line="59"/>
        <source>Discard them</source>
        <translation>全部丢弃</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/draft_offer.py" line="75"/>
        <source>Edit {entity}</source>
        <translation>修改{entity}</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/draft_offer.py" line="77"/>
        <source>New {entity}</source>
        <translation>新建{entity}</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/draft_offer.py" line="80"/>
        <source>• {what}: {title} ({time})</source>
        <translation>• {what}：{title}（{time}）</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/draft_offer.py" line="81"/>
        <source>• {what} ({time})</source>
        <translation>• {what}（{time}）</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/draft_offer.py" line="107"/>
        <source>Cannot restore the form</source>
        <translation>无法恢复填写内容</translation>
    </message>
</context>
</TS>
