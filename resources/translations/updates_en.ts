<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>UpdateActions</name>
    <message>
        <location filename="../../ebranch_desktop/ui/update_actions.py" line="62"/>
        <source>从U盘更新…</source>
        <translation>Update from USB…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/update_actions.py" line="69"/>
        <source>程序更新</source>
        <translation>Program update</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/update_actions.py" line="78"/>
        <source>从U盘更新</source>
        <translation>Update from USB</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/update_actions.py" line="78"/>
        <source>e支部更新包 (*%s)</source>
        <translation>ebranch-desktop update packages (*%s)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/update_actions.py" line="79"/>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
</context>
</TS>
