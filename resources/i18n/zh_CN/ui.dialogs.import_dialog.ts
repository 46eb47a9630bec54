<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="98"/>
        <source>Import preview</source>
        <translation>导入预览</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="106"/>
        <source>Import &quot;{name}&quot;</source>
        <translation>导入“{name}”</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/dialogs/import_dialog.py" line="133"/>
        <source>Records that will be updated (%n)</source>
        <translation>
            <numerusform>将更新的记录（%n 条）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/dialogs/import_dialog.py" line="147"/>
        <source>Problems (%n)</source>
        <translation>
            <numerusform>问题（共 %n 个）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="162"/>
        <source>Open error workbook</source>
        <translation>打开错误工作簿</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="170"/>
        <source>Save error workbook…</source>
        <translation>保存错误工作簿…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="172"/>
        <source>Write the file back with every wrong cell marked in red and the reason beside it, to correct and import again</source>
        <translation>另存一份文件：出错的单元格标红并附上原因，改正后可重新导入</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="176"/>
        <source>Import only the correct rows</source>
        <translation>只导入正确的行</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="177"/>
        <source>The rows with errors are left out</source>
        <translation>有错误的行不导入</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="180"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="185"/>
        <source>The file has errors: correct them first, or import only the correct rows</source>
        <translation>文件中有错误：请先改正，或只导入正确的行</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="186"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="232"/>
        <source>Nothing has been written yet. Rows with errors cannot be imported: correct them in the file and import it again, or import only the correct rows.</source>
        <translation>尚未写入任何内容。有错误的行不能导入：请在文件中改正后重新导入，或只导入正确的行。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="236"/>
        <source>Nothing has been written yet. Correct the errors in the file and import it again.</source>
        <translation>尚未写入任何内容。请在文件中改正错误后重新导入。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="239"/>
        <source>Nothing to import: every record in the file is already in the ledger as it is.</source>
        <translation>没有需要导入的内容：文件中的记录与台账完全一致。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="241"/>
        <source>Nothing has been written yet. Import writes all the rows at once, after a backup of the ledger.</source>
        <translation>尚未写入任何内容。导入时先自动备份台账，再一次性写入全部记录。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="250"/>
        <source>Sheet &quot;{sheet}&quot;: {note}</source>
        <translation>工作表“{sheet}”：{note}</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="253"/>
        <source>Sheet &quot;{sheet}&quot;: columns not recognised, not imported: {columns}</source>
        <translation>工作表“{sheet}”：以下列未能识别，不会导入：{columns}</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="267"/>
        <source>Save error workbook</source>
        <translation>保存错误工作簿</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="269"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="276"/>
        <source>Writing the error workbook…</source>
        <translation>正在写出错误工作簿…</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="291"/>
        <source>Error workbook saved: {path}</source>
        <translation>错误工作簿已保存：{path}</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/import_dialog.py" line="297"/>
        <source>Cannot save the error workbook</source>
        <translation>无法保存错误工作簿</translation>
    </message>
</context>
</TS>
