<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RevocationReviewDialog</name>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="42"/>
        <source>Review after revoking {name}</source>
        <translation>吊销 {name} 后的核查清单</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="49"/>
        <source>{name} (fingerprint {fingerprint}) is revoked: its bundles from sequence {seq} on are refused, and any that arrives is quarantined for a person to check.</source>
        <translation>已吊销 {name}（指纹 {fingerprint}）：序号 {seq} 起的数据包不再接收，收到的会隔离，待人工核查。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="63"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="63"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="63"/>
        <source>Fields</source>
        <translation>改动的字段</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="64"/>
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/dialogs/revocation_review.py" line="72"/>
        <source>These %n bundle(s) were imported before the revocation and reach sequence {seq}: their data is in the ledger. Check each record below and correct or delete what is wrong on its page. “{lost}” means its value was older than this office&apos;s and was not written.</source>
        <translation>
            <numerusform>以下 %n 个数据包在吊销前已导入，序号达到 {seq}，其数据已写入台账。请逐条核查下列记录，有误的请到相应页面改正或删除。“{lost}”表示它的值比本机的旧，没有写入台账。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="86"/>
        <source>No bundle already imported reaches sequence {seq}: nothing to check.</source>
        <translation>没有已导入的、序号达到 {seq} 的数据包，无需核查。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="91"/>
        <source>Copy the list</source>
        <translation>复制清单</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="93"/>
        <source>Copy the list as text, to paste into a report</source>
        <translation>把清单复制为文字，可粘贴到报告中</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="113"/>
        <source>Sequence {first}–{last}, imported {when}</source>
        <translation>序号 {first}–{last}，导入于 {when}</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="116"/>
        <source>Sequence {first}–{last} (when imported was not recorded)</source>
        <translation>序号 {first}–{last}（导入时间未记录）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/dialogs/revocation_review.py" line="119"/>
        <source>: %n record(s)</source>
        <translation>
            <numerusform>：%n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="121"/>
        <source>New key {fingerprint} ({name}): </source>
        <translation>新密钥 {fingerprint}（{name}）：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="124"/>
        <source>New key {fingerprint}: </source>
        <translation>新密钥 {fingerprint}：</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="132"/>
        <source>Imported before this version: the records it changed were not recorded.</source>
        <translation>此数据包在本版本之前导入，未记录它改动了哪些记录。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/revocation_review.py" line="136"/>
        <source>It changed no record.</source>
        <translation>没有改动任何记录。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/dialogs/revocation_review.py" line="148"/>
        <source>%n more record(s) not listed here.</source>
        <translation>
            <numerusform>另有 %n 条记录未在此列出。</numerusform>
        </translation>
    </message>
</context>
</TS>
