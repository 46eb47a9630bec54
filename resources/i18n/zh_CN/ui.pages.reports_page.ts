<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="137"/>
        <location filename="../../../ui/pages/reports_page.py" line="153"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="168"/>
        <source>Export all ledgers (.xlsx)</source>
        <translation>导出全部台账（.xlsx）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="170"/>
        <source>Export a blank template (.xlsx)</source>
        <translation>导出空白模板（.xlsx）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="172"/>
        <source>Export one ledger as CSV</source>
        <translation>导出一张表为 CSV</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="176"/>
        <source>The ledger to export as CSV</source>
        <translation>要导出为 CSV 的台账</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="182"/>
        <source>The chosen ledger of the area as a CSV file (UTF-8), for other programs; Excel and WPS open it too.</source>
        <translation>所选台账在当前范围内的记录，存为 CSV 文件（UTF-8），供其他软件使用；Excel 和 WPS 也能打开。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="189"/>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="190"/>
        <source>Show the exported file in its folder</source>
        <translation>在文件管理器中打开导出文件所在的文件夹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="203"/>
        <source>Every ledger of the area, one sheet each, and the nine-functions matrix as a summary sheet: to send upward, or to correct in Excel and import again.</source>
        <translation>当前范围内的全部台账（每张一个工作表）和九项功能矩阵汇总表：用于向上报送，或在 Excel 中修改后重新导入。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="207"/>
        <source>The same sheets with no rows, with dropdowns for the choices: for communities to fill in and send back for import.</source>
        <translation>同样的工作表，不含记录，可选项带下拉列表：供社区填写后交回导入。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="213"/>
        <source>Import Excel/CSV…</source>
        <translation>导入 Excel/CSV…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="217"/>
        <source>The whole file is checked first and previewed: what would be added and changed, and every error with its row and column. Nothing is written before you confirm. You can also drop a file onto the window.</source>
        <translation>先检查整个文件并预览将新增、更新的记录和每处错误所在的行列，确认后才写入。也可以把文件拖到窗口上。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="222"/>
        <source>Printing the demand lists, community profiles and monthly reports as PDF comes in a later version.</source>
        <translation>需求清单、社区档案和月报的 PDF 打印将在后续版本提供。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="231"/>
        <source>Export Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="234"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="237"/>
        <source>PDF reports</source>
        <translation>PDF 报表</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="290"/>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="293"/>
        <source>Area: {area}</source>
        <translation>范围：{area}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="310"/>
        <source>{area} ledger {date}.xlsx</source>
        <translation>{area}台账_{date}.xlsx</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="312"/>
        <source>Export all ledgers</source>
        <translation>导出全部台账</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="312"/>
        <location filename="../../../ui/pages/reports_page.py" line="324"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="317"/>
        <source>Exporting the ledgers…</source>
        <translation>正在导出台账…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="323"/>
        <source>Export a blank template</source>
        <translation>导出空白模板</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="323"/>
        <source>Ledger template.xlsx</source>
        <translation>台账空白模板.xlsx</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="328"/>
        <source>Writing the template…</source>
        <translation>正在写出模板…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="336"/>
        <source>{area} {ledger} {date}.csv</source>
        <translation>{area}{ledger}_{date}.csv</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="338"/>
        <source>Export {ledger} as CSV</source>
        <translation>将{ledger}导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="339"/>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="343"/>
        <source>Exporting {ledger}…</source>
        <translation>正在导出{ledger}…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="367"/>
        <source>Saved the blank template to {path}</source>
        <translation>空白模板已保存到 {path}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/reports_page.py" line="369"/>
        <source>Exported %n record(s) to {path}</source>
        <translation>
            <numerusform>已导出 %n 条记录到 {path}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="379"/>
        <source>Export cancelled: no file was written.</source>
        <translation>已取消导出，没有写出文件。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="384"/>
        <source>Export failed: {message}</source>
        <translation>导出失败：{message}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="385"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
</TS>
