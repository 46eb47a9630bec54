<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CodeCheck</name>
    <message>
        <location filename="../../../ui/widgets/key_check.py" line="51"/>
        <source>Compared by phone: the codes are the same</source>
        <translation>已通过电话与对方核对确认码一致</translation>
    </message>
</context>
<context>
    <name>KeyRows</name>
    <message>
        <location filename="../../../ui/widgets/key_check.py" line="77"/>
        <source>The key&apos;s id: it names the key in file names and lists, but anyone can give a key the same id. Compare the confirmation code.</source>
        <translation>密钥编号：在文件名和列表中标识密钥，但任何人都能给密钥取相同的编号。请核对确认码。</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/key_check.py" line="80"/>
        <source>Key file</source>
        <translation>公钥文件</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/key_check.py" line="81"/>
        <source>Confirmation code</source>
        <translation>确认码</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/key_check.py" line="83"/>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/key_check.py" line="88"/>
        <source>This key file is of the older format: it has no encryption key, so what is sent to this office cannot be encrypted. Once the office has updated the program, ask it for a new key file.</source>
        <translation>这是旧格式的公钥文件，没有加密公钥：发给对方的数据不能加密。请对方升级本程序后，重新导出公钥文件。</translation>
    </message>
</context>
</TS>
