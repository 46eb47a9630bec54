<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>PhotoPanel</name>
    <message>
        <location filename="../../../ui/fieldvisit/photos.py" line="183"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/photos.py" line="190"/>
        <source>No photos yet. Photos of the outside and the inside help the street office judge the space.</source>
        <translation>还没有照片。拍下场地外观和内部的照片，便于街道了解这处空间。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/fieldvisit/photos.py" line="227"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>共 %n 张照片</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoTile</name>
    <message>
        <location filename="../../../ui/fieldvisit/photos.py" line="137"/>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/photos.py" line="147"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/photos.py" line="148"/>
        <source>Remove this photo from the record</source>
        <translation>从这条记录中删除这张照片</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/photos.py" line="160"/>
        <source>File not found</source>
        <translation>找不到照片文件</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/photos.py" line="162"/>
        <source>Cannot show this photo</source>
        <translation>无法显示这张照片</translation>
    </message>
</context>
<context>
    <name>photos</name>
    <message>
        <location filename="../../../ui/fieldvisit/photos.py" line="95"/>
        <source>Photos ({patterns})</source>
        <translation>照片 ({patterns})</translation>
    </message>
    <message>
        <location filename="../../../ui/fieldvisit/photos.py" line="97"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
</context>
</TS>
