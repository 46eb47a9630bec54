<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FieldVisitWindow</name>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="154"/>
        <location filename="../../../ui/fieldvisit/flow.py" line="241"/>
        <source>Field visit</source>
        <translation>现场采集</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="247"/>
        <source>Leave field visit</source>
        <translation>退出现场采集</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="248"/>
        <source>Close field-visit mode; an unsaved entry is kept</source>
        <translation>关闭现场采集；未保存的登记会留作草稿，下次可以继续</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="260"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="264"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="265"/>
        <source>Save the entry (Ctrl+S)</source>
        <translation>保存这条登记（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="267"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="281"/>
        <source>Name and type</source>
        <translation>名称和类型</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="281"/>
        <source>Where it is</source>
        <translation>位置、面积和产权</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="281"/>
        <source>How it is used</source>
        <translation>使用情况</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="283"/>
        <source>What residents need</source>
        <translation>居民需要什么</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="283"/>
        <source>How many, how urgent</source>
        <translation>人数和紧急程度</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="284"/>
        <source>Who to contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="320"/>
        <source>{task}: {page}</source>
        <translation>{task}：{page}</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="327"/>
        <source>{task}: photos</source>
        <translation>{task}：照片</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="368"/>
        <source>Step {n} of {total}</source>
        <translation>第 {n} 步，共 {total} 步</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/fieldvisit/flow.py" line="401"/>
        <source>%n photo(s) chosen</source>
        <translation>
            <numerusform>已选 %n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="445"/>
        <source>The space of the unsaved entry is no longer in the ledger.</source>
        <translation>上次未保存的登记所修改的空间资源已不在台账中。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="453"/>
        <source>The community of the unsaved entry is no longer in the ledger: choose the community, then continue.</source>
        <translation>上次未保存的登记所属的社区已不在台账中：请先选择社区，再继续填写。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="478"/>
        <location filename="../../../ui/fieldvisit/flow.py" line="532"/>
        <source>Only the first {n} are listed: type a name to find the others.</source>
        <translation>只列出了前 {n} 个，其他的请输入名称搜索。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="481"/>
        <source>No community matches “{text}”.</source>
        <translation>没有找到与“{text}”相符的社区。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="482"/>
        <source>There are no communities in this area.</source>
        <translation>所选区域内还没有社区。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="535"/>
        <source>No space matches “{text}”.</source>
        <translation>没有找到与“{text}”相符的空间资源。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="537"/>
        <source>This community has no spaces yet. Go back and choose “{task}”.</source>
        <translation>这个社区还没有空间资源。请返回选择“{task}”。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="622"/>
        <source>Cannot keep a draft of this entry: {error}</source>
        <translation>无法保存这条登记的草稿：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="677"/>
        <source>Please correct what is marked in red.</source>
        <translation>请修改标红的内容。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="697"/>
        <source>Not a photo, left out: {names}</source>
        <translation>以下文件不是照片，没有添加：{names}</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="721"/>
        <source>Choose what the demand is about; “Other” if none of the nine fits.</source>
        <translation>请选择这条需求属于哪项功能；九项都不符合的，选“其他”。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="756"/>
        <source>No function chosen</source>
        <translation>还没有选择功能类别</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="757"/>
        <source>This demand has no function. The demand list groups demands by function; this one would be listed as “Unclassified”.

Choose its function (“Other” if none of the nine fits), or save it without one?</source>
        <translation>这条需求还没有选择功能类别。需求清单按功能类别分组，这条会列在“未分类”里。

现在选择功能类别（九项都不符合的选“其他”），还是不选类别直接保存？</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="761"/>
        <source>Choose a function</source>
        <translation>选择功能类别</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="762"/>
        <source>Save without a function</source>
        <translation>不选类别，直接保存</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="786"/>
        <source>“{title}” was already recorded for {community}: {total} residents are now counted for it.</source>
        <translation>{community}已登记过“{title}”：已把这次的人数加上，现在共涉及 {total} 人。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="803"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="843"/>
        <source>The space “{title}” was added to {community}.</source>
        <translation>空间资源“{title}”已登记到{community}。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="845"/>
        <source>The space “{title}” of {community} was updated.</source>
        <translation>{community}的空间资源“{title}”已更新。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="847"/>
        <source>Nothing was changed in the space “{title}”.</source>
        <translation>空间资源“{title}”没有需要保存的修改。</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="849"/>
        <source>The demand “{title}” was recorded for {community}.</source>
        <translation>已为{community}登记居民需求“{title}”。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/fieldvisit/flow.py" line="852"/>
        <source>%n photo(s) added.</source>
        <translation>
            <numerusform>已添加 %n 张照片。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/fieldvisit/flow.py" line="854"/>
        <source>%n photo(s) removed.</source>
        <translation>
            <numerusform>已删除 %n 张照片。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="859"/>
        <source>Could not save: {error}</source>
        <translation>保存失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="874"/>
        <source>Discard the unsaved entry?</source>
        <translation>放弃未保存的登记？</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="875"/>
        <source>What you entered has not been saved. Discard it?</source>
        <translation>已填写的内容还没有保存。确定放弃吗？</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="877"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/flow.py" line="878"/>
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
</context>
</TS>
