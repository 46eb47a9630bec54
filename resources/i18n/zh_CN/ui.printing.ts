<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Printer</name>
    <message>
        <location filename="../../../ui/printing.py" line="229"/>
        <source>Demand list (public)</source>
        <translation>需求清单（公示版）</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="231"/>
        <source>Demand list (internal)</source>
        <translation>需求清单（内部版）</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="233"/>
        <source>Community profile</source>
        <translation>社区概况</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="235"/>
        <source>Progress report</source>
        <translation>建设进度</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="237"/>
        <source>Wall chart</source>
        <translation>挂图作战图</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="239"/>
        <source>Quarterly ranking</source>
        <translation>季度排名</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="241"/>
        <source>Annual assessment</source>
        <translation>年度考核</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="243"/>
        <source>Operators&apos; evaluation</source>
        <translation>运营评估</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="244"/>
        <source>Monthly report</source>
        <translation>月通报</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="249"/>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="258"/>
        <source>{area} demand list (public) {date}.pdf</source>
        <translation>{area}需求清单（公示版）_{date}.pdf</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="260"/>
        <source>{area} demand list (internal) {date}.pdf</source>
        <translation>{area}需求清单（内部版）_{date}.pdf</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="263"/>
        <source>{area} profile {date}.pdf</source>
        <translation>{area}概况_{date}.pdf</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="265"/>
        <source>{area} progress {date}</source>
        <translation>{area}建设进度_{date}</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="267"/>
        <source>{area} wall chart {paper} {date}.pdf</source>
        <translation>{area}挂图作战图_{paper}_{date}.pdf</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="270"/>
        <source>{area} ranking {quarter}</source>
        <translation>{area}季度排名_{quarter}</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="273"/>
        <source>{area} assessment {year}</source>
        <translation>{area}年度考核_{year}</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="276"/>
        <source>{area} operators {year}</source>
        <translation>{area}运营评估_{year}</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="278"/>
        <source>{area} monthly report {month}.pdf</source>
        <translation>{area}月通报_{month}.pdf</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="291"/>
        <source>Save {report} as Excel</source>
        <translation>将{report}保存为 Excel</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="292"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="296"/>
        <source>Save {report} as PDF</source>
        <translation>将{report}保存为 PDF</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="297"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="301"/>
        <source>Making the {report}…</source>
        <translation>正在生成{report}…</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="317"/>
        <source>Made {path}</source>
        <translation>已生成 {path}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/printing.py" line="319"/>
        <source>Made {path} (%n page(s))</source>
        <translation>
            <numerusform>已生成 {path}（%n 页）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="322"/>
        <source>{made}; no program to show PDF files was found</source>
        <translation>{made}；但没有找到能打开 PDF 文件的程序</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="328"/>
        <source>Report cancelled: no file was written.</source>
        <translation>已取消生成报表，没有写出文件。</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="332"/>
        <source>The report failed: {message}</source>
        <translation>生成报表失败：{message}</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="333"/>
        <source>The report failed</source>
        <translation>生成报表失败</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="349"/>
        <location filename="../../../ui/printing.py" line="364"/>
        <source>{path} is no longer there.</source>
        <translation>{path} 已不在原处。</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="354"/>
        <source>No program to show PDF files was found: open {path} from its folder.</source>
        <translation>没有找到能显示 PDF 文件的程序：请到文件夹中打开 {path}。</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="372"/>
        <source>Sending {name} to the printer…</source>
        <translation>正在把 {name} 发送到打印机…</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="380"/>
        <source>Sent {name} to the default printer.</source>
        <translation>已把 {name} 发送到默认打印机。</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="382"/>
        <source>Could not print: {error}. Open the PDF and print it from the viewer.</source>
        <translation>无法打印：{error}。请打开 PDF，在阅读器中打印。</translation>
    </message>
    <message>
        <location filename="../../../ui/printing.py" line="385"/>
        <source>This computer has no way to print directly: open the PDF and print it from the viewer (Ctrl+P).</source>
        <translation>这台电脑不能直接打印：请打开 PDF，在阅读器中打印（Ctrl+P）。</translation>
    </message>
</context>
</TS>
