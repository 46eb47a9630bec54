<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="135"/>
        <source>{name} was not added: {error}</source>
        <translation>照片 {name} 未能添加：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="147"/>
        <source>Images ({patterns})</source>
        <translation>图片（{patterns}）</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="150"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="251"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="252"/>
        <source>Choose photo files of this space (several at once)</source>
        <translation>选择这处空间的照片文件（可一次选多张）</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="330"/>
        <source>Adding photos…</source>
        <translation>正在添加照片…</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="332"/>
        <source>No photos yet.</source>
        <translation>还没有照片。</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="334"/>
        <source>The photos are added when the record is saved.</source>
        <translation>保存记录时一并添加这些照片。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/widgets/photo_strip.py" line="336"/>
        <source>%n photo(s). Added and removed at once, without Save.</source>
        <translation>
            <numerusform>共 %n 张照片。照片的添加和移除立即生效，无需点“保存”。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="358"/>
        <source>Not a photo</source>
        <translation>不是照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="359"/>
        <source>These files are not photos and were not added:
{names}</source>
        <translation>以下文件不是照片，未添加：
{names}</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="409"/>
        <source>Remove photo</source>
        <translation>移除照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="410"/>
        <source>Remove the photo &quot;{name}&quot; from this record?</source>
        <translation>从这条记录中移除照片“{name}”？</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="412"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="412"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="417"/>
        <source>Cannot remove the photo</source>
        <translation>无法移除照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="423"/>
        <source>Cannot open the photo</source>
        <translation>无法打开照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="424"/>
        <source>No program to show {name} was found.</source>
        <translation>找不到可以打开 {name} 的程序。</translation>
    </message>
</context>
<context>
    <name>PhotoThumb</name>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="176"/>
        <source>{name}
Double-click to open</source>
        <translation>{name}
双击打开</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="180"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="196"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="197"/>
        <source>Remove this photo from the record</source>
        <translation>从记录中移除这张照片</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="210"/>
        <source>File not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/photo_strip.py" line="212"/>
        <source>Cannot show this image</source>
        <translation>无法显示这张图片</translation>
    </message>
</context>
</TS>
