<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CommunityStep</name>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="174"/>
        <source>Which community are you visiting?</source>
        <translation>选择社区</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="175"/>
        <source>Tap the community. Type part of its name to find it quickly.</source>
        <translation>点一下要采集的社区。输入名称中的几个字可以很快找到。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="177"/>
        <source>Search by community name</source>
        <translation>搜索社区名称</translation>
    </message>
</context>
<context>
    <name>DoneStep</name>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="306"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="319"/>
        <source>Record another in this community</source>
        <translation>继续登记</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="321"/>
        <source>Choose another community</source>
        <translation>换一个社区</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="322"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>FieldVisit</name>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="232"/>
        <source>Add a space</source>
        <translation>新增空间资源</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="234"/>
        <source>Update a space</source>
        <translation>更新空间资源</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="235"/>
        <source>Record a residents&apos; demand</source>
        <translation>登记居民需求</translation>
    </message>
</context>
<context>
    <name>PhotosStep</name>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="287"/>
        <source>Add photos of the space: they are kept with the record when you save.</source>
        <translation>添加这处空间的照片，保存登记时一并保存。</translation>
    </message>
</context>
<context>
    <name>ResumeStep</name>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="133"/>
        <source>An entry was not saved last time</source>
        <translation>上次有一条登记没有保存</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="134"/>
        <source>Nothing you typed was lost. Continue where you stopped, or start again.</source>
        <translation>已填写的内容都还在。可以接着填写，也可以放弃后重新开始。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="150"/>
        <source>Continue the unsaved entry</source>
        <translation>继续上次未保存的登记</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="154"/>
        <source>Discard it and start again</source>
        <translation>放弃，重新开始</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="164"/>
        <source>Kept at {time}</source>
        <translation>保存于 {time}</translation>
    </message>
</context>
<context>
    <name>SpaceStep</name>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="244"/>
        <source>Which space do you want to update?</source>
        <translation>选择要更新的空间资源</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="245"/>
        <source>Tap the space. Type part of its name or address to find it.</source>
        <translation>点一下要更新的空间资源。输入名称或地址中的几个字可以很快找到。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="247"/>
        <source>Search by name or address</source>
        <translation>搜索名称或地址</translation>
    </message>
</context>
<context>
    <name>TaskStep</name>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="206"/>
        <source>What do you want to do?</source>
        <translation>要做什么？</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="210"/>
        <source>Record a room or a piece of land found in this community</source>
        <translation>登记在本社区发现的用房或场地</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="212"/>
        <source>Correct a space already in the ledger, or add its photos</source>
        <translation>修改台账中已有的空间资源，或补充照片</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="214"/>
        <source>Write down a service that residents asked for</source>
        <translation>记下居民提出的服务需求</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/steps.py" line="225"/>
        <source>{community}: what do you want to do?</source>
        <translation>{community}：要做什么？</translation>
    </message>
</context>
</TS>
