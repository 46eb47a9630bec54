<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RecordFormDialog</name>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="166"/>
        <source>New {entity}</source>
        <translation>新建{entity}</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="168"/>
        <source>Edit {entity}</source>
        <translation>修改{entity}</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="175"/>
        <source>Fields marked * are required.</source>
        <translation>带 * 的为必填项。</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="196"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="214"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="216"/>
        <source>Save the record (Ctrl+S)</source>
        <translation>保存记录（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="218"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="267"/>
        <source>The project type follows the city&apos;s programme directory</source>
        <translation>项目类型以市级名录为准</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="300"/>
        <source>Edit {entity}: {title}</source>
        <translation>修改{entity}：{title}</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="398"/>
        <source>Required: please fill it in</source>
        <translation>必填，不能为空</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="483"/>
        <source>Could not save: {error}</source>
        <translation>保存时出错：{error}</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="513"/>
        <source>Some photos were not added</source>
        <translation>部分照片未能添加</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="572"/>
        <source>Discard changes?</source>
        <translation>放弃修改？</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="573"/>
        <source>What you entered in this form has not been saved. Discard it?</source>
        <translation>此表单中填写的内容尚未保存，确定放弃吗？</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="574"/>
        <source>Discard changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <location filename="../../../ui/forms/record_form.py" line="575"/>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
</context>
</TS>
