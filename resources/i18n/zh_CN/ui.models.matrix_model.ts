<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MatrixModel</name>
    <message>
        <location filename="../../../ui/models/matrix_model.py" line="182"/>
        <location filename="../../../ui/models/matrix_model.py" line="203"/>
        <source>Not-yet-resettled community: not counted in coverage</source>
        <translation>未回迁社区：不计入覆盖率</translation>
    </message>
    <message>
        <location filename="../../../ui/models/matrix_model.py" line="183"/>
        <source>Double-click or press Enter to edit</source>
        <translation>双击或按回车键修改</translation>
    </message>
    <message>
        <location filename="../../../ui/models/matrix_model.py" line="196"/>
        <source>{name} (not resettled)</source>
        <translation>{name}（未回迁）</translation>
    </message>
    <message>
        <location filename="../../../ui/models/matrix_model.py" line="201"/>
        <source>Code: {code}</source>
        <translation>社区代码：{code}</translation>
    </message>
    <message>
        <location filename="../../../ui/models/matrix_model.py" line="219"/>
        <source>Standard function</source>
        <translation>标配功能</translation>
    </message>
    <message>
        <location filename="../../../ui/models/matrix_model.py" line="219"/>
        <source>Optional function</source>
        <translation>选配功能</translation>
    </message>
    <message>
        <location filename="../../../ui/models/matrix_model.py" line="221"/>
        <source>2030 coverage target: {target}</source>
        <translation>2030 年覆盖率目标：{target}</translation>
    </message>
</context>
</TS>
