<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>JobController</name>
    <message numerus="yes">
        <source>Wrote %1 without %2 chapter(s); %n replacement rule(s) were skipped:</source>
        <translation>
            <numerusform>已写出 %1，缺少 %2 章；跳过了 %n 条替换规则：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1, but %n replacement rule(s) were skipped:</source>
        <translation>
            <numerusform>已写出 %1，但跳过了 %n 条替换规则：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The replacement rules cannot be used: %1. Untick “Apply replacement rules” to write the book without them.</source>
        <translation>无法使用替换规则：%1。取消勾选“应用替换规则”即可不用规则写出本书。</translation>
    </message>
</context>
<context>
    <name>ReplaceRulesDialog</name>
    <message>
        <source>Replacement rules</source>
        <translation>替换规则</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Saved replacement rules</source>
        <translation>已保存的替换规则</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Add rules from a Legado (替换净化) JSON file</source>
        <translation>从阅读（Legado）的替换净化 JSON 文件添加规则</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>下移(&amp;W)</translation>
    </message>
    <message>
        <source>Import rules</source>
        <translation>导入规则</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <source>Enable or disable rule</source>
        <translation>启用或停用规则</translation>
    </message>
    <message>
        <source>Move rule up</source>
        <translation>上移规则</translation>
    </message>
    <message>
        <source>Move rule down</source>
        <translation>下移规则</translation>
    </message>
    <message>
        <source>Replacement rules message</source>
        <translation>替换规则提示</translation>
    </message>
    <message>
        <source>Rules run from top to bottom as a book is written; each sees the text the ones above it left. Changes are saved at once.</source>
        <translation>写出书籍时，规则从上到下依次执行，每条规则处理上面的规则留下的文本。修改会立即保存。</translation>
    </message>
    <message>
        <source>%1. Fix or delete that file to edit the rules here.</source>
        <translation>%1。请先修正或删除该文件，再在这里编辑规则。</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正则</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Book %1</source>
        <translation>书籍 %1</translation>
    </message>
    <message>
        <source>Source %1</source>
        <translation>书源 %1</translation>
    </message>
    <message>
        <source>All books</source>
        <translation>所有书籍</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>Enabled “%1”.</source>
        <translation>已启用“%1”。</translation>
    </message>
    <message>
        <source>Disabled “%1”.</source>
        <translation>已停用“%1”。</translation>
    </message>
    <message>
        <source>Removed “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
    <message>
        <source>Import replacement rules</source>
        <translation>导入替换规则</translation>
    </message>
    <message>
        <source>JSON files (*.json *.txt)</source>
        <translation>JSON 文件 (*.json *.txt)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n rule(s) from %1.</source>
        <translation>
            <numerusform>已从 %1 导入 %n 条规则。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Default Chinese script</source>
        <translation>默认简繁转换</translation>
    </message>
    <message>
        <source>Apply the replacement rules to new books</source>
        <translation>对新书应用替换规则</translation>
    </message>
    <message>
        <source>Apply rules by default</source>
        <translation>默认应用替换规则</translation>
    </message>
    <message>
        <source>Edit replacement r&amp;ules…</source>
        <translation>编辑替换规则(&amp;U)…</translation>
    </message>
    <message>
        <source>Edit replacement rules</source>
        <translation>编辑替换规则</translation>
    </message>
    <message>
        <source>Default Chinese &amp;script</source>
        <translation>默认简繁转换(&amp;S)</translation>
    </message>
</context>
<context>
    <name>TextChoice</name>
    <message>
        <source>Keep original</source>
        <translation>保持原样</translation>
    </message>
    <message>
        <source>简→繁</source>
        <translation>简→繁</translation>
    </message>
    <message>
        <source>简→繁（台湾）</source>
        <translation>简→繁（台湾）</translation>
    </message>
    <message>
        <source>简→繁（香港）</source>
        <translation>简→繁（香港）</translation>
    </message>
    <message>
        <source>繁→简</source>
        <translation>繁→简</translation>
    </message>
</context>
<context>
    <name>TextChoicePanel</name>
    <message>
        <source>Text of this book</source>
        <translation>本书文本</translation>
    </message>
    <message>
        <source>Convert the book between Simplified and Traditional characters</source>
        <translation>在简体字与繁体字之间转换本书</translation>
    </message>
    <message>
        <source>Chinese script</source>
        <translation>简繁转换</translation>
    </message>
    <message>
        <source>&amp;Chinese script</source>
        <translation>简繁转换(&amp;C)</translation>
    </message>
    <message>
        <source>Apply &amp;replacement rules</source>
        <translation>应用替换规则(&amp;R)</translation>
    </message>
    <message>
        <source>Use the replacement rules saved in File ▸ Settings for this book</source>
        <translation>对本书使用在“文件 ▸ 设置”中保存的替换规则</translation>
    </message>
    <message>
        <source>Apply replacement rules</source>
        <translation>应用替换规则</translation>
    </message>
</context>
</TS>
