<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Printer</name>
    <message>
        <location filename="../../../ui/printing.py" line="157"/>
        <source>Demand list (public)</source>
        <translation>需求清单（公示版）</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="159"/>
        <source>Demand list (internal)</source>
        <translation>需求清单（内部版）</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="161"/>
        <source>Community profile</source>
        <translation>社区概况</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="162"/>
        <source>Monthly report</source>
        <translation>月通报</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="167"/>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="176"/>
        <source>{area} demand list (public) {date}.pdf</source>
        <translation>{area}需求清单（公示版）_{date}.pdf</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="178"/>
        <source>{area} demand list (internal) {date}.pdf</source>
        <translation>{area}需求清单（内部版）_{date}.pdf</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="181"/>
        <source>{area} profile {date}.pdf</source>
        <translation>{area}概况_{date}.pdf</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="182"/>
        <source>{area} monthly report {month}.pdf</source>
        <translation>{area}月通报_{month}.pdf</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="193"/>
        <source>Save {report} as PDF</source>
        <translation>将{report}保存为 PDF</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="194"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="197"/>
        <source>Making the {report}…</source>
        <translation>正在生成{report}…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/printing.py" line="212"/>
        <source>Made {path} (%n page(s))</source>
        <translation>
            <numerusform>已生成 {path}（%n 页）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="214"/>
        <source>{made}; no program to show PDF files was found</source>
        <translation>{made}；但没有找到能打开 PDF 文件的程序</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="220"/>
        <source>Report cancelled: no file was written.</source>
        <translation>已取消生成报表，没有写出文件。</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="224"/>
        <source>The report failed: {message}</source>
        <translation>生成报表失败：{message}</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="225"/>
        <source>The report failed</source>
        <translation>生成报表失败</translation>
    </message>
</context>
</TS>
