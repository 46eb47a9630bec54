<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="141"/>
        <source>{name} was not added: {error}</source>
        <translation>照片 {name} 未能添加：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="153"/>
        <source>Images ({patterns})</source>
        <translation>图片（{patterns}）</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="156"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="262"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="263"/>
        <source>Choose photo files of this space (several at once)</source>
        <translation>选择这处空间的照片文件（可一次选多张）</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="341"/>
        <source>Adding photos…</source>
        <translation>正在添加照片…</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="343"/>
        <source>No photos yet.</source>
        <translation>还没有照片。</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="345"/>
        <source>The photos are added when the record is saved.</source>
        <translation>保存记录时一并添加这些照片。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/widgets/photo_strip.py" line="347"/>
        <source>%n photo(s). Added and removed at once, without Save.</source>
        <translation>
            <numerusform>共 %n 张照片。照片的添加和移除立即生效，无需点“保存”。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="369"/>
        <source>Not a photo</source>
        <translation>不是照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="370"/>
        <source>These files are not photos and were not added:
{names}</source>
        <translation>以下文件不是照片，未添加：
{names}</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="418"/>
        <source>Remove photo</source>
        <translation>移除照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="419"/>
        <source>Remove the photo &quot;{name}&quot; from this record?</source>
        <translation>从这条记录中移除照片“{name}”？</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="421"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="421"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="426"/>
        <source>Cannot remove the photo</source>
        <translation>无法移除照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="439"/>
        <source>Cannot open the photo</source>
        <translation>无法打开照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="440"/>
        <source>No program to show {name} was found.</source>
        <translation>找不到可以打开 {name} 的程序。</translation>
    </message>
</context>
<context>
    <name>PhotoThumb</name>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="182"/>
        <source>{name}
Double-click to open</source>
        <translation>{name}
双击打开</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="186"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="202"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="203"/>
        <source>Remove this photo from the record</source>
        <translation>从记录中移除这张照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="216"/>
        <source>File not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="218"/>
        <source>Cannot show this image</source>
        <translation>无法显示这张图片</translation>
    </message>
</context>
</TS>
