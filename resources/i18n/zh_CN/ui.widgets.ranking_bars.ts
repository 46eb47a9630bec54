<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RankingBars</name>
    <message>
        <location filename="../../../ui/widgets/ranking_bars.py" line="101"/>
        <source>{part} ({points})</source>
        <translation>{part}（{points} 分）</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/ranking_bars.py" line="116"/>
        <source>{area}: {part} {points} of {full}</source>
        <translation>{area}：{part} {points} 分（满分 {full}）</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/ranking_bars.py" line="120"/>
        <source>{area}: rank {rank}, total {total}</source>
        <translation>{area}：第 {rank} 名，总分 {total}</translation>
    </message>
    <message>
        <location filename="../../../ui/widgets/ranking_bars.py" line="132"/>
        <source>{rank}. {area}: {total} ({parts})</source>
        <translation>第 {rank} 名 {area}：{total} 分（{parts}）</translation>
    </message>
</context>
</TS>
