<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AreaPage</name>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="120"/>
        <source>Type a part of the name</source>
        <translation>输入名称的一部分，如 解放门</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="136"/>
        <source>Which street (or town)?</source>
        <translation>哪个街道（镇）？</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="137"/>
        <source>Which district or county?</source>
        <translation>哪个区县？</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="138"/>
        <source>Which development zone?</source>
        <translation>哪个开发区？</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="140"/>
        <source>From the official list of Xi&apos;an&apos;s divisions (2023 codes).</source>
        <translation>来自西安市行政区划官方名录（2023 年区划代码）。</translation>
    </message>
</context>
<context>
    <name>CommunitiesPage</name>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="210"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="212"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="212"/>
        <source>Code</source>
        <translation>社区代码</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="218"/>
        <source>Tick all</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="219"/>
        <source>Tick none</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="216"/>
        <source>Also list the villages</source>
        <translation>同时列出村委会</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="226"/>
        <source>A community missing from the list</source>
        <translation>名录中没有的社区，如 新建社区</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="227"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="291"/>
        <source>the whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="293"/>
        <source>The official communities of {area} (2023 division codes) are ticked: untick those this office does not manage.</source>
        <translation>已勾选{area}的官方社区（2023 年区划代码）：不归本单位管理的请取消勾选。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="296"/>
        <source>The official list has no community for this area (a development zone&apos;s streets are set in the ledger first). Add them later, or import a ledger from Excel.</source>
        <translation>官方名录中没有此辖区的社区（开发区管理的街道需先在台账中指定）。可以稍后新建，或从 Excel 导入台账。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="303"/>
        <source>added by hand</source>
        <translation>手工添加</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="305"/>
        <source> (village)</source>
        <translation>（村委会）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../ui/dialogs/setup_wizard.py" line="352"/>
        <source>%n community(ies) ticked</source>
        <translation>
            <numerusform>已勾选 %n 个社区</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NextPage</name>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="370"/>
        <source>What next?</source>
        <translation>下一步做什么？</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="373"/>
        <source>Import the ledger we keep in Excel</source>
        <translation>导入我们在 Excel 中的台账</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="374"/>
        <source>Start recording (the list of communities)</source>
        <translation>开始录入（打开社区列表）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="381"/>
        <source>An Excel or CSV file: it is checked and shown before anything is written.</source>
        <translation>Excel 或 CSV 文件：先检查并预览，确认后才写入。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="384"/>
        <source>Spaces, the nine functions and demands are recorded per community.</source>
        <translation>空间资源、九项功能和居民需求按社区录入。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="391"/>
        <source>the whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="393"/>
        <source>Finish saves: {role}, area {area}, {count} community(ies) to add.</source>
        <translation>点“完成”将保存：角色 {role}，辖区 {area}，添加 {count} 个社区。</translation>
    </message>
</context>
<context>
    <name>PrintingPage</name>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="186"/>
        <source>Printouts</source>
        <translation>打印设置</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="188"/>
        <source>Printed demand lists and reports carry the issuing unit and the preparer. Both can be left empty: the unit is then the area&apos;s office, the preparer a line to sign on.</source>
        <translation>打印的需求清单和报表上有制表单位和制表人。两项都可以不填：制表单位则按辖区（如 解放门街道办事处），制表人处留出签名横线。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="194"/>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="196"/>
        <source>Issuing unit</source>
        <translation>制表单位</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="197"/>
        <source>Preparer</source>
        <translation>制表人</translation>
    </message>
</context>
<context>
    <name>RolePage</name>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="77"/>
        <source>Who uses this ledger?</source>
        <translation>谁在使用这个台账？</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="79"/>
        <source>This decides which area the window shows and where the data is sent. You can change it later under File → Office set-up.</source>
        <translation>这决定窗口显示哪个辖区、数据报送给谁。以后可以在“文件 → 本机设置”中修改。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="84"/>
        <source>Street office or town</source>
        <translation>街道办事处（镇）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="86"/>
        <source>District or county</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="88"/>
        <source>Development zone</source>
        <translation>开发区（管委会）</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="90"/>
        <source>City work team</source>
        <translation>市级工作专班</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="85"/>
        <source>Records its communities and sends them to the district.</source>
        <translation>录入本街道各社区的台账，报送区县。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="87"/>
        <source>Collects from its streets, merges and sends to the city.</source>
        <translation>汇总各街道的数据，报送市级工作专班。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="89"/>
        <source>Collects from the streets it manages, like a district.</source>
        <translation>像区县一样，汇总所管理街道的数据。</translation>
    </message>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="91"/>
        <source>Collects from the districts and ranks the whole city.</source>
        <translation>汇总各区县（开发区）的数据，全市排名。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../../ui/dialogs/setup_wizard.py" line="406"/>
        <source>Set up this ledger</source>
        <translation>台账设置向导</translation>
    </message>
</context>
</TS>
