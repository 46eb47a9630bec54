<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Importer</name>
    <message>
        <location filename="../../../ui/importing.py" line="116"/>
        <source>Import a ledger workbook</source>
        <translation>导入台账文件</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="117"/>
        <source>Excel, WPS or CSV files ({patterns})</source>
        <translation>Excel、WPS 或 CSV 文件 ({patterns})</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="129"/>
        <source>Drop one file at a time: each file is checked and previewed before it is imported.

{names}</source>
        <translation>请一次拖入一个文件：每个文件都要先检查、预览，确认后才导入。

{names}</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="135"/>
        <source>&quot;{name}&quot; cannot be imported: only Excel, WPS and CSV files ({kinds}) can. Save it as .xlsx or .csv first.</source>
        <translation>无法导入“{name}”：只能导入 Excel、WPS 和 CSV 文件（{kinds}）。请先另存为 .xlsx 或 .csv。</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="142"/>
        <source>Checking {name}…</source>
        <translation>正在检查“{name}”…</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="148"/>
        <source>An import is already under way: finish it first.</source>
        <translation>已有一个导入正在进行，请先完成它。</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="150"/>
        <source>No ledger is open.</source>
        <translation>没有打开的台账。</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="153"/>
        <source>The ledger is open read-only because it is damaged: nothing can be imported into it.</source>
        <translation>台账已损坏，当前以只读方式打开，不能导入。</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="158"/>
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="185"/>
        <source>Import cancelled: nothing was written.</source>
        <translation>已取消导入，没有写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="181"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="223"/>
        <source>Importing {name}…</source>
        <translation>正在导入“{name}”…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/importing.py" line="229"/>
        <source>Imported %n record(s) from {name}</source>
        <translation>
            <numerusform>已从“{name}”导入 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="231"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="238"/>
        <source>Nothing was written: the records of the file are already in the ledger as they are.</source>
        <translation>没有写入任何内容：文件中的记录与台账完全一致。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/importing.py" line="240"/>
        <source>Imported %n record(s):</source>
        <translation>
            <numerusform>已导入 %n 条记录：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/importing.py" line="241"/>
        <source>{ledger}: %n</source>
        <translation>
            <numerusform>{ledger}：%n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/importing.py" line="245"/>
        <source>%n row(s) with errors were left out.</source>
        <translation>
            <numerusform>有错误的 %n 行没有导入。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="247"/>
        <source>To take the import back: &quot;Undo this import&quot; in the status bar, or Ctrl+Z.</source>
        <translation>如需撤销：点状态栏的“撤销这次导入”，或按 Ctrl+Z。</translation>
    </message>
    <message>
        <location filename="../../../ui/importing.py" line="250"/>
        <source>The ledger as it was before the import was backed up to:</source>
        <translation>导入前的台账已备份到：</translation>
    </message>
</context>
</TS>
