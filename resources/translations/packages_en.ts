<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>PackageActions</name>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="57"/>
        <source>导出数据包…</source>
        <translation>Export data package…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="59"/>
        <source>导入数据包…</source>
        <translation>Import data package…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="61"/>
        <source>递交支部的数据包（乡镇）…</source>
        <translation>Deliver a branch&apos;s package (township)…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="63"/>
        <source>取回给支部的答复数据包（乡镇）…</source>
        <translation>Fetch the answer for a branch (township)…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="65"/>
        <source>数据包是什么？</source>
        <translation>What are data packages?</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="67"/>
        <source>数据包（无网络时用 U 盘同步）</source>
        <translation>Data packages (sync by USB stick without a network)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="118"/>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="122"/>
        <source>数据包</source>
        <translation>Data packages</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="134"/>
        <source>导出数据包</source>
        <translation>Export data package</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="135"/>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="158"/>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="196"/>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="232"/>
        <source>e支部数据包 (*%s)</source>
        <translation>ebranch data package (*%s)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="158"/>
        <source>导入数据包</source>
        <translation>Import data package</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="159"/>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="197"/>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="196"/>
        <source>递交支部的数据包</source>
        <translation>Deliver a branch&apos;s data package</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="225"/>
        <source>取回答复数据包</source>
        <translation>Fetch an answer package</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="226"/>
        <source>支部代码，或支部电脑的工作区编号（前 8 位即可）：</source>
        <translation>Branch code, or the branch PC&apos;s workspace id (its first 8 characters will do):</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/package_actions.py" line="231"/>
        <source>保存答复数据包</source>
        <translation>Save the answer package</translation>
    </message>
</context>
</TS>
