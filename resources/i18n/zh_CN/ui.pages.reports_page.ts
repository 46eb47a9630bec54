<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="152"/>
        <location filename="../../../ui/pages/reports_page.py" line="171"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="179"/>
        <source>Export all ledgers (.xlsx)</source>
        <translation>导出全部台账（.xlsx）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="181"/>
        <source>Export a blank template (.xlsx)</source>
        <translation>导出空白模板（.xlsx）</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="183"/>
        <source>Export one ledger as CSV</source>
        <translation>导出一张表为 CSV</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="187"/>
        <source>The ledger to export as CSV</source>
        <translation>要导出为 CSV 的台账</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="193"/>
        <source>The chosen ledger of the area as a CSV file (UTF-8), for other programs; Excel and WPS open it too.</source>
        <translation>所选台账在当前范围内的记录，存为 CSV 文件（UTF-8），供其他软件使用；Excel 和 WPS 也能打开。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="306"/>
        <source>One community on a page or two: its figures, the nine functions, spaces, projects, and what the guidelines ask of it.</source>
        <translation>一个社区的一两页概况：基本情况、九项功能、空间资源、建设项目，以及对照导则的合规提示。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="486"/>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="197"/>
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
        <location filename="../../../ui/pages/reports_page.py" line="212"/>
        <source>Import Excel/CSV…</source>
        <translation>导入 Excel/CSV…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="216"/>
        <source>The whole file is checked first and previewed: what would be added and changed, and every error with its row and column. Nothing is written before you confirm. You can also drop a file onto the window.</source>
        <translation>先检查整个文件并预览将新增、更新的记录和每处错误所在的行列，确认后才写入。也可以把文件拖到窗口上。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="238"/>
        <source>Export Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="241"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="244"/>
        <source>PDF reports</source>
        <translation>PDF 报表</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="248"/>
        <source>Programme reports</source>
        <translation>统筹报表</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="266"/>
        <source>State the publicity period</source>
        <translation>注明公示期</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="269"/>
        <source>Print the period the list is posted for under its title</source>
        <translation>在标题下注明清单的公示期</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="271"/>
        <source>The first day the list is posted</source>
        <translation>公示开始日期</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="272"/>
        <source>The last day the list is posted</source>
        <translation>公示结束日期</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="281"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="298"/>
        <source>The same list with who reported each demand and their phone, marked for internal use: for the office only.</source>
        <translation>同一份清单，另列出每条需求的反映人及其电话，标注“内部资料”：仅供内部使用。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="302"/>
        <source>Choose a community on the left</source>
        <translation>请在左侧选择一个社区</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="313"/>
        <source>The month the report is about</source>
        <translation>通报的月份</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="314"/>
        <source>MMMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="318"/>
        <location filename="../../../ui/pages/reports_page.py" line="419"/>
        <source>Choose a street, a district or the whole city on the left</source>
        <translation>请在左侧选择街道、区县或全市</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="323"/>
        <source>A street&apos;s, a district&apos;s or the city&apos;s month: the nine functions against the 2030 targets, projects, demands, the areas below ranked.</source>
        <translation>街道、区县或全市的月度情况：九项功能对照2030年目标、项目进展、需求办理和下级区域排名。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="333"/>
        <source>Issuing unit</source>
        <translation>制表单位</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="338"/>
        <source>Printed on every report as who issued it; leave empty for the default</source>
        <translation>印在每份报表上的制表单位；留空则用默认单位</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="342"/>
        <source>Empty: the area&apos;s own office, as shown.</source>
        <translation>留空即用框中灰字所示的本区域单位。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="351"/>
        <source>Show the PDF file in its folder</source>
        <translation>在文件夹中显示该 PDF 文件</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="353"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="354"/>
        <source>Open the PDF in the system&apos;s viewer</source>
        <translation>用系统的 PDF 阅读器打开</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="356"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="357"/>
        <source>Send the PDF to the default printer</source>
        <translation>把 PDF 发送到默认打印机</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="378"/>
        <source>Late projects first, pilots per year, street-unit pilots, city projects, each district&apos;s progress and its 2030 targets: PDF or Excel.</source>
        <translation>先列滞后项目，再列各年度试点社区、街道为单元试点、市级项目、各区县进度及2030年目标达标情况：PDF 或 Excel。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="381"/>
        <source>The quarter&apos;s ranking of the city&apos;s districts, or of a district&apos;s streets, each score&apos;s four parts beside it and the formula under it: PDF or Excel.</source>
        <translation>全市各区县或一个区县各街道的季度排名，列出每项得分的四个部分，下附计分办法：PDF 或 Excel。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="384"/>
        <source>The year&apos;s assessment of each district: the points of every item, bonus and deduction, with the points table: PDF or Excel.</source>
        <translation>各区县的年度考核：各项得分、加分和减分，附考核细则：PDF 或 Excel。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="387"/>
        <source>The year&apos;s evaluations by operator, function and facility, and the facilities to adjust: PDF or Excel.</source>
        <translation>本年度评估按运营主体、功能和设施汇总，并列出待调整设施：PDF 或 Excel。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="390"/>
        <source>Every project of the area as a row against the months of its plan, late ones marked, one page per district, to hang on the wall: PDF on A3 or A4.</source>
        <translation>本区域每个项目一行，对照计划的各月份，滞后的标出，每个区县一页，供上墙挂图：PDF，A3 或 A4。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="402"/>
        <source>{paper} landscape</source>
        <translation>{paper} 横向</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="403"/>
        <source>The wall chart&apos;s paper</source>
        <translation>挂图作战图的纸张</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="405"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="406"/>
        <source>Excel</source>
        <translation>Excel</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="407"/>
        <source>The progress report as PDF or as an Excel workbook</source>
        <translation>建设进度报表输出为 PDF 或 Excel 工作簿</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="410"/>
        <source>The year of the assessment and of the evaluations</source>
        <translation>年度考核和运营评估的年度</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="425"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="477"/>
        <source>d MMM yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="537"/>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="541"/>
        <source>Area: {area}</source>
        <translation>范围：{area}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="589"/>
        <source>{area} ledger {date}.xlsx</source>
        <translation>{area}台账_{date}.xlsx</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="579"/>
        <source>Export all ledgers</source>
        <translation>导出全部台账</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="288"/>
        <source>The demands of the area, community by community and by function, without names or phone numbers: to post on the notice board for residents to see.</source>
        <translation>本区域的群众需求，按社区、再按功能列出，不含姓名和电话：张贴在公示栏，供居民查看。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="579"/>
        <location filename="../../../ui/pages/reports_page.py" line="598"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="591"/>
        <source>Exporting the ledgers…</source>
        <translation>正在导出台账…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="597"/>
        <source>Export a blank template</source>
        <translation>导出空白模板</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="597"/>
        <source>Ledger template.xlsx</source>
        <translation>台账空白模板.xlsx</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="602"/>
        <source>Writing the template…</source>
        <translation>正在写出模板…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="610"/>
        <source>{area} {ledger} {date}.csv</source>
        <translation>{area}{ledger}_{date}.csv</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="612"/>
        <source>Export {ledger} as CSV</source>
        <translation>将{ledger}导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="613"/>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="617"/>
        <source>Exporting {ledger}…</source>
        <translation>正在导出{ledger}…</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="641"/>
        <source>Saved the blank template to {path}</source>
        <translation>空白模板已保存到 {path}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/pages/reports_page.py" line="643"/>
        <source>Exported %n record(s) to {path}</source>
        <translation>
            <numerusform>已导出 %n 条记录到 {path}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="653"/>
        <source>Export cancelled: no file was written.</source>
        <translation>已取消导出，没有写出文件。</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="658"/>
        <source>Export failed: {message}</source>
        <translation>导出失败：{message}</translation>
    </message>
    <message>
        <location filename="../../../ui/pages/reports_page.py" line="659"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
</TS>
